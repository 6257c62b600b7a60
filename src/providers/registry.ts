import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Platform, ProviderId } from '../domain.js';
import type { AnyProviderDescriptor } from './descriptor.js';
import { PROVIDERS } from './descriptors.js';
import type { Provider } from './provider.js';
import { createResilience, type CircuitListener, type ProviderHealth, type ResilienceSettings } from './resilience.js';

/** The configured providers, in priority order per platform. */
export interface ProviderRegistry {
  all: Provider[];
  byId(id: ProviderId): Provider | undefined;
  forPlatform(platform: Platform): Provider[];
  /** A fingerprint of the provider's settings (credential included), which scopes its cache entries. */
  cacheScopeOf(provider: ProviderId): string;
  healthOf(id: ProviderId): ProviderHealth | undefined;
}

/** The part of `Config` the registry reads. */
export interface RegistrySettings {
  /** Each descriptor's settings under its `settingsKey`, null when it is not configured. */
  providers: object;
  priorities: Record<Platform, readonly string[] | null>;
  upstreamTimeoutMs: number;
  resilience: ResilienceSettings;
  cursorSecret: string | null;
}

/** The configured descriptors and their settings, platform by platform (as the list first names them), each by rank. */
function configuredOf(
  providers: object,
  descriptors: readonly AnyProviderDescriptor[],
): Array<{ descriptor: AnyProviderDescriptor; settings: object }> {
  const byKey = new Map<string, unknown>(Object.entries(providers));
  const platforms = [...new Set(descriptors.map((descriptor) => descriptor.platform))];
  return [...descriptors]
    .sort((first, second) => platforms.indexOf(first.platform) - platforms.indexOf(second.platform) || first.rank - second.rank)
    .flatMap((descriptor) => {
      const settings = byKey.get(descriptor.settingsKey);
      return typeof settings === 'object' && settings !== null ? [{ descriptor, settings }] : [];
    });
}

/** Every secret any configured provider holds, plus the cursor key: each provider's errors redact all of them. */
function knownSecretsOf(configured: Array<{ descriptor: AnyProviderDescriptor; settings: object }>, cursorSecret: string | null): string[] {
  const values = configured.flatMap(({ descriptor, settings }) =>
    descriptor.secrets.map((name) => new Map<string, unknown>(Object.entries(settings)).get(name)),
  );
  return [...values, cursorSecret].filter((secret): secret is string => typeof secret === 'string');
}

export function createProviderRegistry(
  config: RegistrySettings,
  dispatcher: Dispatcher,
  onCircuitChange?: CircuitListener,
  descriptors: readonly AnyProviderDescriptor[] = PROVIDERS,
): ProviderRegistry {
  const configured = configuredOf(config.providers, descriptors);
  const knownSecrets = knownSecretsOf(configured, config.cursorSecret);
  const all: Provider[] = [];
  const scopes = new Map<ProviderId, string>();
  const health = new Map<ProviderId, ProviderHealth>();
  for (const { descriptor, settings } of configured) {
    // Each provider gets its own retries, circuit breaker and bulkhead, shared by all its clients.
    // A test may register a provider outside the shipped ids; the id is only a name from here on.
    const resilience = createResilience(descriptor.id as ProviderId, config.resilience, onCircuitChange);
    const provider = descriptor.create(settings, { dispatcher, timeoutMs: config.upstreamTimeoutMs, resilience, knownSecrets });
    health.set(provider.id, resilience.health);
    all.push(provider);
    scopes.set(provider.id, `${provider.id}:${createHash('sha256').update(JSON.stringify(settings)).digest('base64url').slice(0, 16)}`);
  }

  const ordered = (platform: Platform): Provider[] => {
    const own = all.filter((provider) => provider.platform === platform);
    const priority = config.priorities[platform];
    if (!priority) return own;
    return priority
      .map((id) => own.find((provider) => provider.id === id))
      .filter((provider): provider is Provider => provider !== undefined);
  };
  const byPlatform: Record<Platform, Provider[]> = { THREADS: ordered('THREADS'), INSTAGRAM: ordered('INSTAGRAM') };

  return {
    all,
    byId: (id) => all.find((provider) => provider.id === id),
    forPlatform: (platform) => byPlatform[platform],
    cacheScopeOf: (provider) => scopes.get(provider) ?? provider,
    healthOf: (id) => health.get(id),
  };
}
