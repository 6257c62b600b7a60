import type { Platform, ProviderId } from '../domain.js';
import { aisa } from './aisa/index.js';
import type { AnyProviderDescriptor } from './descriptor.js';
import { justoneapi } from './justoneapi/index.js';
import type { Capability } from './provider.js';
import { sociavault } from './sociavault/index.js';
import { threadsGraph } from './threads-graph/index.js';
import { threadsWeb } from './threads-web/index.js';

/**
 * Every provider feedgraph ships, in the order configuration messages list them. Adding a provider is its
 * folder plus one entry here (test/unit/provider-descriptors.test.ts fails when a folder is missing).
 */
export const PROVIDERS = [threadsGraph, sociavault, aisa, justoneapi, threadsWeb] as const satisfies readonly AnyProviderDescriptor[];

type Descriptor = (typeof PROVIDERS)[number];

/** Every ProviderId has a descriptor, and every descriptor's id is a ProviderId (src/domain.ts PROVIDER_IDS). */
type Undescribed = Exclude<ProviderId, Descriptor['id']>;
type Unknown = Exclude<Descriptor['id'], ProviderId>;
const idsMatch: [Undescribed | Unknown] extends [never] ? true : { undescribed: Undescribed; notInProviderIds: Unknown } = true;
void idsMatch;

type SettingsOf<Entry> = Entry extends { settingsFrom(values: never): infer Settings } ? Exclude<Settings, null> : never;

/** Per provider, its settings, or null when it is not configured: `Config.providers`. */
export type ProviderSettings = { [Entry in Descriptor as Entry['settingsKey']]: SettingsOf<Entry> | null };

/** The credential each fake accepts, by its descriptor's `demo.credentialKey`. */
export type DemoCredentials = { [Entry in Descriptor as Entry['demo']['credentialKey']]: string };

function byId<Value>(value: (descriptor: Descriptor) => Value): Record<ProviderId, Value> {
  return Object.fromEntries(PROVIDERS.map((descriptor) => [descriptor.id, value(descriptor)])) as Record<ProviderId, Value>;
}

/** Which platform each provider serves. */
export const PROVIDER_PLATFORMS: Record<ProviderId, Platform> = byId((descriptor) => descriptor.platform);

/** What each provider could serve when fully configured, and how to configure it: used in capability errors. */
export const POTENTIAL_CAPABILITIES: Record<ProviderId, readonly Capability[]> = byId((descriptor) => descriptor.potentialCapabilities);
export const HOW_TO_CONFIGURE: Record<ProviderId, string> = byId((descriptor) => descriptor.configurationHint);
