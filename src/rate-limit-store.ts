import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { SharedRedis } from './shared-state/redis.js';

type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Where each client's allowance is kept: in this process now; a store shared by every replica (rate-limiter-flexible's
 * `RateLimiterRedis` through `limiterStore`) when there are several.
 */
export interface RateLimitStore {
  /** Takes one request from the client's allowance, or says how long until there is one again. */
  take(client: string): Promise<RateLimitDecision>;
}

export interface RateLimitSettings {
  perMinute: number;
  burst: number;
}

/** A bucket of `burst` requests refilled whole every `burst / perMinute` minutes: `perMinute` sustained, `burst` at once. */
export function limiterOptions(settings: RateLimitSettings): { points: number; duration: number; keyPrefix: string } {
  return {
    points: settings.burst,
    duration: Math.max(1, Math.round((60 * settings.burst) / settings.perMinute)),
    keyPrefix: 'feedgraph-rate',
  };
}

/** Any rate-limiter-flexible limiter (memory, Redis, …) as a store. */
function limiterStore(limiter: RateLimiterAbstract): RateLimitStore {
  return {
    async take(client) {
      try {
        await limiter.consume(client);
        return { allowed: true };
      } catch (rejection) {
        // The limiter rejects with its result when the allowance is spent, with an Error when its store fails.
        if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterMs: rejection.msBeforeNext };
        throw rejection;
      }
    },
  };
}

export function memoryRateLimitStore(settings: RateLimitSettings): RateLimitStore {
  return limiterStore(new RateLimiterMemory(limiterOptions(settings)));
}

/** Shared by every replica; while Redis fails or is not connected, each process counts alone (the insurance limiter). */
export function redisRateLimitStore(redis: SharedRedis, settings: RateLimitSettings): RateLimitStore {
  const options = limiterOptions(settings);
  return limiterStore(
    new RateLimiterRedis({
      ...options,
      keyPrefix: `${redis.keyPrefix}${options.keyPrefix}`,
      storeClient: redis.client,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    }),
  );
}
