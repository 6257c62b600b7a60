import { CostLedger } from './cost/ledger.js';
import type { CursorCodec } from './cursor.js';
import { UpstreamLoaders, type LoaderOptions } from './loaders.js';
import { PartialErrors } from './plugins/use-partial-errors.js';
import type { UpstreamMetrics } from './metrics.js';
import type { Quotas } from './quota/quotas.js';
import type { UpstreamCache } from './upstream-cache.js';
import type { ProviderRegistry } from './providers/registry.js';
import { UpstreamCalls } from './shared-state/upstream-calls.js';
import { createServices, type Services } from './services/index.js';

/** What every resolver sees: the services, over loaders fresh for each request. */
export interface GraphContext {
  services: Services;
  /** Errors resolvers report beside the data they return; appended to the result. */
  partialErrors: PartialErrors;
  /** This request's vendor calls, cache hits, credits and quotas: `extensions.cost`. */
  cost: CostLedger;
}

export interface ContextDependencies {
  registry: ProviderRegistry;
  cursors: CursorCodec;
  cache: UpstreamCache | null;
  /** Every vendor request of the process (cache tiers, single-flight); by default one over `cache` alone. */
  upstreamCalls?: UpstreamCalls | null;
  metrics?: UpstreamMetrics | null;
  onDropped?: LoaderOptions['onDropped'];
  /** Each request's vendor calls must be answered within this; none by default. */
  requestTimeoutMs?: number | null;
  /** The providers' quotas, checked before every call really sent; none by default. */
  quotas?: Quotas | null;
}

export function createContextFactory(dependencies: ContextDependencies): () => GraphContext {
  // One for all requests: concurrent requests for the same vendor answer share one call.
  const calls = dependencies.upstreamCalls ?? new UpstreamCalls({ cache: dependencies.cache, metrics: dependencies.metrics ?? null });
  return () => {
    const cost = new CostLedger(dependencies.metrics ?? null);
    const quotas = dependencies.quotas;
    const loaders = new UpstreamLoaders({
      cache: dependencies.cache,
      calls,
      cacheScopeOf: dependencies.registry.cacheScopeOf,
      metrics: dependencies.metrics ?? null,
      deadline: dependencies.requestTimeoutMs
        ? { at: Date.now() + dependencies.requestTimeoutMs, ms: dependencies.requestTimeoutMs }
        : null,
      ...(dependencies.onDropped ? { onDropped: dependencies.onDropped } : {}),
      observer: cost,
      admit: quotas ? (provider, operation) => quotas.admit(provider, operation, (reading) => cost.quotaRead(reading)) : null,
      onCreditsSpent: (provider, credits) => cost.creditsSpent(provider, credits),
    });
    return {
      services: createServices(dependencies.registry, loaders, dependencies.cursors, quotas ?? null),
      partialErrors: new PartialErrors(),
      cost,
    };
  };
}
