import type { ProviderId } from '../domain.js';
import { isFeedgraphError } from '../errors.js';
import type { UpstreamObserver } from '../loaders.js';
import type { UpstreamMetrics } from '../metrics.js';
import type { VendorRequest } from '../providers/vendor-calls.js';
import type { UpstreamCache } from '../upstream-cache.js';
import { SharedAnswers } from './shared-answers.js';
import { SharedFlight } from './shared-flight.js';
import type { SharedRedis } from './redis.js';

export interface UpstreamCallSettings {
  /** The in-process cache, the first tier; null when the cross-request cache is switched off. */
  cache: UpstreamCache | null;
  /** The Redis replicas share (second cache tier, single-flight between replicas); null for none. */
  redis?: SharedRedis | null;
  /** How long a replica may hold the right to call the vendor for one key: about the vendor timeout. */
  lockMs?: number;
  metrics?: UpstreamMetrics | null;
}

/** What the request that asks for a vendor answer wants to hear about it. */
export interface UpstreamCallHooks {
  observer?: UpstreamObserver | null;
  /** Called right before a call is really sent; throws (QUOTA_EXCEEDED) to refuse it. */
  admit?: ((provider: ProviderId, operation: string) => Promise<void>) | null;
  /** Each answer this request fetched from the vendor itself (not one cached or joined). */
  fetched?: (value: unknown) => void;
}

const DEFAULT_LOCK_MS = 10_000;

/** One vendor request on its way through the tiers: who asks what, under which key, and how to fetch it. */
interface PendingCall<T> {
  provider: ProviderId;
  request: VendorRequest;
  key: string;
  fetch: () => Promise<T>;
  hooks: UpstreamCallHooks;
}

/**
 * Every vendor request of the process goes through here: the local cache, then one in-flight call per key for the
 * whole process, then (with Redis) the shared cache and a short lock so that one replica calls and the others wait
 * for its answer. Keys start with the credential scope. Errors are never cached.
 */
export class UpstreamCalls {
  private readonly flights = new Map<string, SharedFlight<unknown>>();
  private readonly shared: SharedAnswers | null;

  constructor(private readonly settings: UpstreamCallSettings) {
    this.shared = settings.redis ? new SharedAnswers(settings.redis, settings.lockMs ?? DEFAULT_LOCK_MS) : null;
  }

  async call<T>(provider: ProviderId, request: VendorRequest, key: string, fetch: () => Promise<T>, hooks: UpstreamCallHooks): Promise<T> {
    const { cache, metrics } = this.settings;
    if (cache) {
      const cached = cache.get(key);
      metrics?.recordCacheLookup(provider, request.operation, cached !== undefined, 'local');
      if (cached) {
        hooks.observer?.cacheHit(provider, request.operation, 'local', cached.expiresAt);
        return cached.value as T;
      }
    }
    const inFlight = this.flights.get(key) as SharedFlight<T> | undefined;
    if (inFlight) {
      hooks.observer?.joined(provider, request.operation, 'process');
      return inFlight.join();
    }
    const flight = new SharedFlight(this.resolve({ provider, request, key, fetch, hooks }));
    this.flights.set(key, flight);
    try {
      return await flight.answer;
    } finally {
      this.flights.delete(key);
    }
  }

  private async resolve<T>(call: PendingCall<T>): Promise<T> {
    const { provider, request, key, hooks } = call;
    const shared = this.shared;
    if (!shared) return this.fetchFromVendor(call);
    if (this.settings.cache) {
      const stored = await shared.read(key);
      if (stored !== undefined || this.settings.redis?.available()) {
        this.settings.metrics?.recordCacheLookup(provider, request.operation, stored !== undefined, 'shared');
      }
      if (stored) {
        this.keepLocally(key, stored);
        hooks.observer?.cacheHit(provider, request.operation, 'shared', stored.expiresAt);
        return stored.value as T;
      }
    }
    const lock = await shared.lock(key);
    if (!lock.held) {
      const handed = await shared.awaitHolder(key);
      if (handed) {
        this.keepLocally(key, handed);
        hooks.observer?.joined(provider, request.operation, 'replica');
        return handed.value as T;
      }
    }
    try {
      return await this.fetchFromVendor(call);
    } finally {
      if (lock.held) await lock.release();
    }
  }

  /** A shared answer joins the local tier for what is left of its time in Redis, not a whole TTL more. */
  private keepLocally(key: string, stored: { value: unknown; expiresAt: number }): void {
    const remainingMs = Math.floor(stored.expiresAt - Date.now());
    if (remainingMs >= 1) this.settings.cache?.set(key, remainingMs / 1000, stored.value);
  }

  private async fetchFromVendor<T>({ provider, request, key, fetch, hooks }: PendingCall<T>): Promise<T> {
    const { cache, metrics } = this.settings;
    await hooks.admit?.(provider, request.operation);
    hooks.observer?.vendorCall(provider, request.operation);
    const started = performance.now();
    try {
      const value = await fetch();
      metrics?.recordCall(provider, request.operation, 'ok', (performance.now() - started) / 1000);
      hooks.fetched?.(value);
      cache?.set(key, request.ttlSeconds, value);
      // Without the cache, the answer stays in Redis only as long as replicas waiting for it may need it.
      const ttlMs = cache ? request.ttlSeconds * 1000 : Math.min(request.ttlSeconds * 1000, this.settings.lockMs ?? DEFAULT_LOCK_MS);
      await this.shared?.write(key, ttlMs, value);
      return value;
    } catch (error) {
      metrics?.recordCall(
        provider,
        request.operation,
        isFeedgraphError(error) ? error.code : 'INTERNAL',
        (performance.now() - started) / 1000,
      );
      throw error;
    }
  }
}
