import DataLoader from 'dataloader';
import type { Capability, Provider, ProviderOperations } from './providers/provider.js';
import { isFeedgraphError } from './errors.js';
import type { UpstreamMetrics } from './metrics.js';
import type { UpstreamCache } from './upstream-cache.js';

type Operation<C extends Capability> = ProviderOperations[C];
type Result<C extends Capability> = Awaited<ReturnType<Operation<C>>>;

export interface LoaderOptions {
  /** The cross-request cache, or null when it is switched off. */
  cache: UpstreamCache | null;
  /** The provider's credential scope, which prefixes every cache key. */
  cacheScopeOf: (provider: Provider) => string;
  metrics?: UpstreamMetrics | null;
}

/**
 * Per-request DataLoaders: one upstream call per distinct (provider, operation, arguments), however
 * many fields, aliases and fragments ask for it, all started in the same tick so independent calls run
 * concurrently. None of these vendors documents a multi-object endpoint, so every key is its own call.
 */
/** One call's arguments, and their JSON: the loader's dedup key and the cache key's tail, written once. */
interface CallKey {
  args: unknown[];
  text: string;
}

export class UpstreamLoaders {
  private readonly loaders = new Map<string, DataLoader<CallKey, unknown, string>>();

  constructor(private readonly options: LoaderOptions = { cache: null, cacheScopeOf: (provider) => provider.id }) {}

  load<C extends Capability>(provider: Provider, capability: C, ...args: Parameters<Operation<C>>): Promise<Result<C>> {
    return this.loaderFor(provider, capability).load({ args, text: JSON.stringify(args) }) as Promise<Result<C>>;
  }

  private loaderFor(provider: Provider, capability: Capability): DataLoader<CallKey, unknown, string> {
    const name = `${provider.id}:${capability}`;
    let loader = this.loaders.get(name);
    if (!loader) {
      const operation = provider[capability] as ((...args: unknown[]) => Promise<unknown>) | undefined;
      if (!operation) throw new Error(`${provider.id} does not implement ${capability}`);
      loader = new DataLoader<CallKey, unknown, string>((keys) => Promise.all(keys.map((key) => this.call(provider, capability, operation, key))), {
        cacheKeyFn: (key) => key.text,
      });
      this.loaders.set(name, loader);
    }
    return loader;
  }

  private async call(provider: Provider, capability: Capability, operation: (...args: unknown[]) => Promise<unknown>, { args, text }: CallKey): Promise<unknown> {
    const { cache, metrics } = this.options;
    const cacheKey = cache ? `${this.options.cacheScopeOf(provider)}:${capability}:${text}` : '';
    const cached = cache?.get(cacheKey);
    if (cache) metrics?.recordCacheLookup(provider.id, capability, cached !== undefined);
    if (cached) return cached.value;
    const started = performance.now();
    try {
      const value = await operation(...args);
      metrics?.recordCall(provider.id, capability, 'ok', (performance.now() - started) / 1000);
      cache?.set(cacheKey, capability, value);
      return value;
    } catch (error) {
      metrics?.recordCall(provider.id, capability, isFeedgraphError(error) ? error.code : 'INTERNAL', (performance.now() - started) / 1000);
      // DataLoader rejects just this key when its batch function returns an Error in its place.
      return error instanceof Error ? error : new Error(String(error));
    }
  }
}
