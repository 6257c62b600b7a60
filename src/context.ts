import type { CursorCodec } from './cursor.js';
import { UpstreamLoaders } from './loaders.js';
import type { UpstreamMetrics } from './metrics.js';
import type { UpstreamCache } from './upstream-cache.js';
import type { ProviderRegistry } from './providers/registry.js';
import { createServices, type Services } from './services/index.js';

/** What every resolver sees: fresh loaders per request, and the services built on them. */
export interface GraphContext {
  services: Services;
  cursors: CursorCodec;
  loaders: UpstreamLoaders;
  registry: ProviderRegistry;
}

export interface ContextDependencies {
  registry: ProviderRegistry;
  cursors: CursorCodec;
  cache: UpstreamCache | null;
  metrics?: UpstreamMetrics | null;
}

export function createContextFactory(dependencies: ContextDependencies): () => GraphContext {
  return () => {
    const loaders = new UpstreamLoaders({ cache: dependencies.cache, cacheScopeOf: dependencies.registry.cacheScopeOf, metrics: dependencies.metrics ?? null });
    return { loaders, registry: dependencies.registry, cursors: dependencies.cursors, services: createServices(dependencies.registry, loaders, dependencies.cursors) };
  };
}
