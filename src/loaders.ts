import DataLoader from 'dataloader';
import type { ProviderId } from './domain.js';
import { ProviderError } from './errors.js';
import { callKey } from './loader-key.js';
import type { UpstreamMetrics } from './metrics.js';
import type { Capability, OperationArguments, Provider, ProviderOperations } from './providers/provider.js';
import type { VendorCalls, VendorRequest } from './providers/vendor-calls.js';
import { UpstreamCalls } from './shared-state/upstream-calls.js';
import type { UpstreamCache } from './upstream-cache.js';

type Result<C extends Capability> = Awaited<ReturnType<ProviderOperations[C]>>;

export interface UpstreamObserver {
  /** A vendor request answered from the cross-request cache (this process's memory, or Redis shared by replicas), fresh until `expiresAt` (epoch ms). */
  cacheHit(provider: ProviderId, operation: string, tier: 'local' | 'shared', expiresAt: number): void;
  /** A vendor request that joined a call already in flight: in another request of this process, or on another replica. */
  joined(provider: ProviderId, operation: string, where: 'process' | 'replica'): void;
  /** A call really sent to the vendor (after cache and single-flight), whatever its outcome. */
  vendorCall(provider: ProviderId, operation: string): void;
}

export interface LoaderOptions {
  /** The cross-request cache, or null when it is switched off; ignored when `calls` is given (it holds its own). */
  cache: UpstreamCache | null;
  /** The process-wide path of every vendor request (cache tiers, single-flight); one of these loaders' own by default. */
  calls?: UpstreamCalls | null;
  /** The credential scope of a provider, which prefixes its cache keys. */
  cacheScopeOf: (provider: ProviderId) => string;
  metrics?: UpstreamMetrics | null;
  /** When this request's vendor calls must have answered (epoch ms), and the budget it came from; null for none. */
  deadline?: { at: number; ms: number } | null;
  /** Told once per vendor answer that left items out (the answer is then cached with them left out). */
  onDropped?: (provider: ProviderId, operation: string, dropped: DroppedReport) => void;
  /** Told of this request's cache hits, joined calls and real vendor calls. */
  observer?: UpstreamObserver | null;
  /** Called right before a call is really sent to the vendor; throws ProviderError QUOTA_EXCEEDED to refuse it. */
  admit?: ((provider: ProviderId, operation: string) => Promise<void>) | null;
  /** Told of the credits a vendor reports a call cost. */
  onCreditsSpent?: ((provider: ProviderId, credits: number) => void) | null;
}

interface DroppedReport {
  count: number;
  items: { index: number; reason: string }[];
}

/** One capability call's arguments and their key, written once: the dedup key. */
interface CallKey {
  args: unknown[];
  text: string;
}

/**
 * Per-request loaders at two levels. Capability loaders dedupe equal provider operations (one mapping per
 * distinct arguments); underneath, every vendor request goes through `once`, keyed by the endpoint and its
 * arguments, whichever capability asks, and then through the process-wide `UpstreamCalls` (cache tiers,
 * single-flight). None of these vendors documents a multi-object endpoint, so every key is its own call, all
 * started in the same tick.
 */
export class UpstreamLoaders implements VendorCalls {
  private readonly loaders = new Map<string, DataLoader<CallKey, unknown, string>>();
  private readonly requests = new Map<string, Promise<unknown>>();
  private readonly calls: UpstreamCalls;

  constructor(private readonly options: LoaderOptions = { cache: null, cacheScopeOf: (provider) => provider }) {
    this.calls = options.calls ?? new UpstreamCalls({ cache: options.cache, metrics: options.metrics ?? null });
  }

  load<C extends Capability>(provider: Provider, capability: C, ...args: OperationArguments<C>): Promise<Result<C>> {
    return observed(this.loaderFor(provider, capability).load({ args, text: callKey(args) }) as Promise<Result<C>>);
  }

  once<T>(provider: ProviderId, request: VendorRequest, fetch: () => Promise<T>): Promise<T> {
    const key = `${provider}:${request.operation}:${callKey(request.args)}`;
    let pending = this.requests.get(key) as Promise<T> | undefined;
    if (!pending) {
      const deadline = this.options.deadline;
      const fetching = () => observed(this.fetchShared(provider, request, key, fetch));
      pending = observed(deadline ? this.beforeDeadline(provider, deadline, fetching) : fetching());
      this.requests.set(key, pending);
    }
    return pending;
  }

  /**
   * The call's answer, or UPSTREAM_TIMEOUT once the request's deadline passes (no call is started after it).
   * A call that loses the race still lands in the cache; its late failure is handled here.
   */
  private beforeDeadline<T>(provider: ProviderId, deadline: { at: number; ms: number }, start: () => Promise<T>): Promise<T> {
    const expired = () =>
      new ProviderError(
        provider,
        'UPSTREAM_TIMEOUT',
        `the request's deadline (REQUEST_TIMEOUT_MS, ${deadline.ms} ms) passed before this vendor answered`,
      );
    const remaining = deadline.at - Date.now();
    if (remaining <= 0) return Promise.reject(expired());
    const fetching = start();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(expired()), remaining);
      fetching.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private loaderFor(provider: Provider, capability: Capability): DataLoader<CallKey, unknown, string> {
    const name = `${provider.id}:${capability}`;
    let loader = this.loaders.get(name);
    if (!loader) {
      const operation = provider[capability] as ((...args: unknown[]) => Promise<unknown>) | undefined;
      if (!operation) throw new Error(`${provider.id} does not implement ${capability}`);
      // DataLoader rejects just the one key whose slot holds an Error.
      const settle = (key: CallKey) =>
        operation(...key.args, this).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      loader = new DataLoader<CallKey, unknown, string>((keys) => Promise.all(keys.map(settle)), { cacheKeyFn: (key) => key.text });
      this.loaders.set(name, loader);
    }
    return loader;
  }

  private fetchShared<T>(provider: ProviderId, request: VendorRequest, key: string, fetch: () => Promise<T>): Promise<T> {
    return this.calls.call(provider, request, `${this.options.cacheScopeOf(provider)}:${key}`, fetch, {
      observer: this.options.observer ?? null,
      admit: this.options.admit ?? null,
      fetched: (value) => this.reportDropped(provider, request.operation, value),
    });
  }

  creditsSpent(provider: ProviderId, credits: number): void {
    this.options.onCreditsSpent?.(provider, credits);
  }

  private reportDropped(provider: ProviderId, operation: string, value: unknown): void {
    const dropped = droppedIn(value);
    if (dropped.length === 0) return;
    this.options.metrics?.recordDroppedItems(provider, operation, dropped.length);
    this.options.onDropped?.(provider, operation, {
      count: dropped.length,
      items: dropped.map(({ index, reason }) => ({ index, reason })),
    });
  }
}

/**
 * A vendor call's promise, with its rejection handled once: whoever started the call may be abandoned before
 * awaiting it (a sibling threw first), which must not leave a rejection unhandled. Callers that await it
 * still see the error.
 */
function observed<T>(pending: Promise<T>): Promise<T> {
  pending.catch(() => undefined);
  return pending;
}

/** The items a mapped vendor answer left out: a page's own, or those of a walk step or a conversation. */
function droppedIn(value: unknown): { index: number; reason: string }[] {
  if (typeof value !== 'object' || value === null || !('dropped' in value)) return [];
  const dropped = (value as { dropped?: unknown }).dropped;
  return Array.isArray(dropped) ? (dropped as { index: number; reason: string }[]) : [];
}
