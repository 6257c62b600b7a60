import DataLoader from 'dataloader';
import type { Capability, Provider, ProviderOperations } from './providers/provider.js';

type Operation<C extends Capability> = ProviderOperations[C];
type Result<C extends Capability> = Awaited<ReturnType<Operation<C>>>;

/**
 * Per-request DataLoaders: one upstream call per distinct (provider, operation, arguments), however
 * many fields, aliases and fragments ask for it. Created fresh for every request, so nothing leaks
 * between requests or credentials.
 */
export class UpstreamLoaders {
  private readonly loaders = new Map<string, DataLoader<unknown[], unknown, string>>();
  private calls = 0;

  /** How many upstream operations this request actually started. */
  get upstreamCalls(): number {
    return this.calls;
  }

  load<C extends Capability>(provider: Provider, capability: C, ...args: Parameters<Operation<C>>): Promise<Result<C>> {
    return this.loaderFor(provider, capability).load(args) as Promise<Result<C>>;
  }

  private loaderFor(provider: Provider, capability: Capability): DataLoader<unknown[], unknown, string> {
    const name = `${provider.id}:${capability}`;
    let loader = this.loaders.get(name);
    if (!loader) {
      const operation = provider[capability] as ((...args: unknown[]) => Promise<unknown>) | undefined;
      if (!operation) throw new Error(`${provider.id} does not implement ${capability}`);
      // None of these vendors has a multi-object endpoint, so each key is its own call; DataLoader still dedupes and runs them concurrently.
      loader = new DataLoader<unknown[], unknown, string>(
        (keys) =>
          Promise.all(
            keys.map((args) => {
              this.calls += 1;
              return operation(...args).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
            }),
          ),
        { cacheKeyFn: (args) => JSON.stringify(args) },
      );
      this.loaders.set(name, loader);
    }
    return loader;
  }
}
