import type { Dispatcher } from 'undici';
import type { Config } from '../config.js';
import type { Platform, ProviderId } from '../domain.js';
import { createAisaProvider } from './aisa/index.js';
import { createJustOneApiProvider } from './justoneapi/index.js';
import type { Provider } from './provider.js';
import { createSociaVaultProvider } from './sociavault/index.js';
import { createThreadsGraphProvider } from './threads-graph/index.js';
import { createThreadsWebProvider } from './threads-web/index.js';

/** The configured providers, in priority order per platform. */
export interface ProviderRegistry {
  all: Provider[];
  byId(id: ProviderId): Provider | undefined;
  forPlatform(platform: Platform): Provider[];
}

export function createProviderRegistry(config: Pick<Config, 'providers' | 'priorities' | 'upstreamTimeoutMs'>, dispatcher: Dispatcher): ProviderRegistry {
  const transport = { dispatcher, timeoutMs: config.upstreamTimeoutMs };
  const settings = config.providers;
  const all: Provider[] = [];
  if (settings.threadsGraph) all.push(createThreadsGraphProvider({ ...transport, ...settings.threadsGraph }));
  if (settings.threadsWeb) all.push(createThreadsWebProvider({ ...transport, ...settings.threadsWeb }));
  if (settings.sociavault) all.push(createSociaVaultProvider({ ...transport, ...settings.sociavault }));
  if (settings.aisa) all.push(createAisaProvider({ ...transport, ...settings.aisa }));
  if (settings.justoneapi) all.push(createJustOneApiProvider({ ...transport, ...settings.justoneapi }));

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
  };
}
