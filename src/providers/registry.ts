import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Config } from '../config.js';
import type { Platform, ProviderId } from '../domain.js';
import { createAisaProvider } from './aisa/index.js';
import { createJustOneApiProvider } from './justoneapi/index.js';
import type { Provider } from './provider.js';
import { createResilience, type CircuitListener, type ProviderHealth } from './resilience.js';
import { createSociaVaultProvider } from './sociavault/index.js';
import { createThreadsGraphProvider } from './threads-graph/index.js';
import { createThreadsWebProvider } from './threads-web/index.js';

/** The configured providers, in priority order per platform. */
export interface ProviderRegistry {
  all: Provider[];
  byId(id: ProviderId): Provider | undefined;
  forPlatform(platform: Platform): Provider[];
  /** A fingerprint of the provider's settings (credential included), which scopes its cache entries. */
  cacheScopeOf(provider: ProviderId): string;
  healthOf(id: ProviderId): ProviderHealth | undefined;
}

export function createProviderRegistry(
  config: Pick<Config, 'providers' | 'priorities' | 'upstreamTimeoutMs' | 'resilience' | 'cursorSecret'>,
  dispatcher: Dispatcher,
  onCircuitChange?: CircuitListener,
): ProviderRegistry {
  const settings = config.providers;
  const knownSecrets = [
    settings.threadsGraph?.accessToken,
    settings.sociavault?.apiKey,
    settings.aisa?.apiKey,
    settings.justoneapi?.token,
    settings.threadsWeb?.token,
    config.cursorSecret,
  ].filter((secret): secret is string => typeof secret === 'string');
  const all: Provider[] = [];
  const scopes = new Map<ProviderId, string>();
  const health = new Map<ProviderId, ProviderHealth>();
  // Each provider gets its own retries, circuit breaker and bulkhead, shared by all its clients.
  const transport = (id: ProviderId) => {
    const resilience = createResilience(id, config.resilience, onCircuitChange);
    health.set(id, resilience.health);
    return { dispatcher, timeoutMs: config.upstreamTimeoutMs, resilience, knownSecrets };
  };
  const add = (provider: Provider, providerSettings: object) => {
    all.push(provider);
    scopes.set(provider.id, `${provider.id}:${createHash('sha256').update(JSON.stringify(providerSettings)).digest('base64url').slice(0, 16)}`);
  };
  if (settings.threadsGraph) add(createThreadsGraphProvider({ ...transport('threads-graph'), ...settings.threadsGraph }), settings.threadsGraph);
  if (settings.threadsWeb) add(createThreadsWebProvider({ ...transport('threads-web'), ...settings.threadsWeb }), settings.threadsWeb);
  if (settings.sociavault) add(createSociaVaultProvider({ ...transport('sociavault'), ...settings.sociavault }), settings.sociavault);
  if (settings.aisa) add(createAisaProvider({ ...transport('aisa'), ...settings.aisa }), settings.aisa);
  if (settings.justoneapi) add(createJustOneApiProvider({ ...transport('justoneapi'), ...settings.justoneapi }), settings.justoneapi);

  const ordered = (platform: Platform): Provider[] => {
    const own = all.filter((provider) => provider.platform === platform);
    const priority = config.priorities[platform];
    if (!priority) return own;
    return priority.map((id) => own.find((provider) => provider.id === id)).filter((provider): provider is Provider => provider !== undefined);
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
