import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ProviderId } from '../domain.js';
import { ProviderError } from '../errors.js';
import type { QuotaRule } from './config.js';

/** What is left of one quota after a call was admitted or refused. */
export interface QuotaReading {
  provider: ProviderId;
  quota: string;
  unit: 'calls' | 'credits';
  /** Calls (or credits) that may still be spent before `resetsAt`. */
  left: number;
  resetsAt: string;
}

export interface QuotaStoreOptions {
  /** The Redis shared by the replicas, or null to count in this process only. */
  redis: Redis | null;
  keyPrefix: string;
  /** A provider's credential fingerprint: a new credential starts a new count. */
  scopeOf: (provider: ProviderId) => string;
  /** What one call of a provider costs in credits (quotas counted in credits). */
  creditsPerCall: (provider: ProviderId) => number;
  /** Told of every reading, and of every refusal. */
  onReading?: (reading: QuotaReading, refused: boolean) => void;
}

/** A quota as it stands: what its current window admits, what is left of it, and when it resets (null: no window open). */
export interface QuotaStanding {
  rule: QuotaRule;
  admitted: number;
  left: number;
  resetsAt: Date | null;
}

interface Enforced {
  rule: QuotaRule;
  limiter: RateLimiterAbstract;
}

/**
 * A rolling window of W allowing N is enforced as rate-limiter-flexible's fixed windows of W allowing N/2: a fixed
 * window starts at its first call, so any W-long stretch meets at most two of them, hence at most N calls.
 */
export function pointsEnforced(rule: QuotaRule): number {
  return rule.rolling ? Math.floor(rule.limit / 2) : rule.limit;
}

function limiterFor(rule: QuotaRule, options: QuotaStoreOptions): RateLimiterAbstract {
  const settings = { points: pointsEnforced(rule), duration: rule.windowSeconds, keyPrefix: `${options.keyPrefix}quota:${rule.name}` };
  if (!options.redis) return new RateLimiterMemory(settings);
  // Redis unreachable or slow: each process counts on its own meanwhile rather than failing calls.
  return new RateLimiterRedis({
    ...settings,
    storeClient: options.redis,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(settings),
  });
}

/** Per-provider (and per vendor operation) quotas, counted across replicas when they share a Redis. */
export class Quotas {
  private readonly enforced: Enforced[];

  constructor(
    rules: readonly QuotaRule[],
    private readonly options: QuotaStoreOptions,
  ) {
    this.enforced = rules.map((rule) => ({ rule, limiter: limiterFor(rule, options) }));
  }

  /**
   * Counts one call of `operation` against every quota it falls under, before it is sent (a call counts whatever
   * its outcome, as Meta counts a query once sent); throws QUOTA_EXCEEDED when one is spent.
   */
  async admit(provider: ProviderId, operation: string, onReading?: (reading: QuotaReading) => void): Promise<void> {
    for (const { rule, limiter } of this.enforced) {
      if (rule.provider !== provider || (rule.operations !== null && !rule.operations.includes(operation))) continue;
      const points = rule.unit === 'credits' ? this.options.creditsPerCall(provider) : 1;
      try {
        const result = await limiter.consume(this.options.scopeOf(provider), points);
        onReading?.(this.read(rule, result, false));
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const reading = this.read(rule, rejection, true);
        onReading?.(reading);
        throw refusal(rule, reading);
      }
    }
  }

  /** Every quota of a provider as it stands, without counting anything: `Query.providers`. */
  async standing(provider: ProviderId): Promise<QuotaStanding[]> {
    const own = this.enforced.filter(({ rule }) => rule.provider === provider);
    return Promise.all(
      own.map(async ({ rule, limiter }) => {
        const result = await limiter.get(this.options.scopeOf(provider));
        const admitted = pointsEnforced(rule);
        return {
          rule,
          admitted,
          left: result ? Math.max(0, admitted - result.consumedPoints) : admitted,
          resetsAt: result ? new Date(Date.now() + result.msBeforeNext) : null,
        };
      }),
    );
  }

  private read(rule: QuotaRule, result: RateLimiterRes, refused: boolean): QuotaReading {
    const reading: QuotaReading = {
      provider: rule.provider,
      quota: rule.name,
      unit: rule.unit,
      left: Math.max(0, result.remainingPoints),
      resetsAt: new Date(Date.now() + result.msBeforeNext).toISOString(),
    };
    this.options.onReading?.(reading, refused);
    return reading;
  }
}

function refusal(rule: QuotaRule, reading: QuotaReading): ProviderError {
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(reading.resetsAt) - Date.now()) / 1000));
  return new ProviderError(
    rule.provider,
    'QUOTA_EXCEEDED',
    `the quota ${rule.name} (${rule.limit} ${rule.unit} per ${rule.rolling ? 'rolling ' : ''}${rule.windowSeconds} s) is spent until ${reading.resetsAt}`,
    { details: { quota: rule.name, resetsAt: reading.resetsAt, retryAfterSeconds } },
  );
}
