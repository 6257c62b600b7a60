import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import type { FakeServer } from '../demo/fake-server.js';
import type { Platform, ProviderId } from '../domain.js';
import type { Capability, Provider } from './provider.js';
import type { Resilience } from './resilience.js';

/** What the registry hands every provider: the shared transport and this provider's own resilience. */
interface ProviderDependencies {
  dispatcher: Dispatcher;
  timeoutMs: number;
  resilience: Resilience;
  /** Every secret of the deployment, redacted from any error message. */
  knownSecrets: string[];
}

/** A provider's fake vendor in demo mode and in tests, and the settings that point the adapter at it. */
interface ProviderDemo<Settings, Server extends FakeServer, CredentialKey extends string = string> {
  /** The property of `DemoCredentials` that holds its credential. */
  credentialKey: CredentialKey;
  /** The credential the fake accepts in demo mode; it unlocks nothing real. */
  credential: string;
  startFake(credential: string): Promise<Server>;
  /** Its settings when pointed at the fake listening at `url`. */
  settingsFor(url: string, credential: string): Settings;
}

/**
 * Everything feedgraph knows about one vendor adapter: config, registry, redaction, capability hints, the
 * demo and the test helpers all read it from `PROVIDERS` (descriptors.ts).
 */
export interface ProviderDescriptor<
  Id extends string = ProviderId,
  SettingsKey extends string = string,
  Variables extends z.ZodRawShape = z.ZodRawShape,
  Settings extends object = object,
  Server extends FakeServer = FakeServer,
  CredentialKey extends string = string,
> {
  id: Id;
  platform: Platform;
  /** The property of `Config.providers` that holds its settings (null when not configured). */
  settingsKey: SettingsKey;
  /** Its environment variables and how each is read (names, defaults, validation). */
  variables: Variables;
  /** The variable whose presence switches it on, named when production starts with no provider. */
  enabledBy: string;
  /** Its settings from the parsed variables, or null when it is not configured. */
  settingsFrom(values: ParsedVariables<Variables>): Settings | null;
  /** The variables that configure exactly these settings: the inverse of `settingsFrom`, for tests and the docs. */
  environmentOf(settings: Settings): Record<string, string>;
  /** The settings that are secrets: redacted from every error message of every provider. */
  secrets: ReadonlyArray<SecretKey<Settings>>;
  /** Default place on its platform: lower is asked first (THREADS_PROVIDERS / INSTAGRAM_PROVIDERS override it). */
  rank: number;
  /** What one call costs in the vendor's credits, for vendors that bill in credits (quotas may count them); unset for the others. */
  creditsPerCall?: number;
  /** What it can serve when fully configured, for CAPABILITY_UNAVAILABLE hints. */
  potentialCapabilities: readonly Capability[];
  /** How to configure it, quoted in CAPABILITY_UNAVAILABLE ("set AISA_API_KEY"). */
  configurationHint: string;
  demo: ProviderDemo<Settings, Server, CredentialKey>;
  create(settings: Settings, dependencies: ProviderDependencies): Provider;
}

/** The variables' values as the environment schema outputs them. */
type ParsedVariables<Variables extends z.ZodRawShape> = { [Name in keyof Variables]: z.output<Variables[Name]> };

/** A settings property name; any name once the settings type is erased to `object` in a list of descriptors. */
type SecretKey<Settings> = object extends Settings ? string : keyof Settings & string;

/** A descriptor whatever its settings: what lists of descriptors hold (method parameters keep each assignable). */
export type AnyProviderDescriptor = ProviderDescriptor<string, string, z.ZodRawShape, object, FakeServer, string>;

/** Defines a descriptor, keeping its literal id and settings key for the types built from `PROVIDERS`. */
export function defineProvider<
  const Id extends string,
  const SettingsKey extends string,
  Variables extends z.ZodRawShape,
  Settings extends object,
  Server extends FakeServer,
  const CredentialKey extends string,
>(
  descriptor: ProviderDescriptor<Id, SettingsKey, Variables, Settings, Server, CredentialKey> & { enabledBy: keyof Variables & string },
): ProviderDescriptor<Id, SettingsKey, Variables, Settings, Server, CredentialKey> {
  return descriptor;
}
