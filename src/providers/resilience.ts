import {
  bulkhead,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  handleWhen,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  retry,
  wrap,
  type IPolicy,
} from 'cockatiel';
import type { ProviderId } from '../domain.js';
import { ProviderError, type ErrorCode } from '../errors.js';

export interface ResilienceSettings {
  /** Retries after the first attempt, for idempotent calls that failed transiently. */
  retries: number;
  /** A Retry-After longer than this is reported (RATE_LIMITED with retryAfterSeconds), not waited for. */
  maxRetryAfterSeconds: number;
  /** Consecutive failures that open the circuit, and how long it stays open before one trial call. */
  breakerFailures: number;
  breakerHalfOpenMs: number;
  concurrency: number;
  queue: number;
}

export type CircuitStatus = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** What `Query.providers` reports about one provider. */
export interface ProviderHealth {
  circuit(): CircuitStatus;
  lastErrorCode: ErrorCode | null;
  lastErrorAt: Date | null;
  /** The credit balance the vendor last reported (SociaVault's 402 body). */
  creditsAvailable: number | null;
}

/** Errors worth another attempt: the vendor was unreachable, failing (5xx) or rate limiting briefly. */
export function isTransient(error: unknown): error is ProviderError {
  if (!(error instanceof ProviderError) || error.details.retryable === false) return false;
  if (error.code === 'UPSTREAM_UNAVAILABLE') return true;
  return error.code === 'RATE_LIMITED';
}

/**
 * Errors that count against the circuit: the vendor itself is down, hanging or refusing everyone (5xx, timeouts,
 * connection errors, rate limits). Never an answer about one object (NOT_FOUND, a 4xx, a bad credential).
 */
function isOutage(error: unknown): boolean {
  if (!(error instanceof ProviderError) || error.details.retryable === false) return false;
  return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT' || error.code === 'RATE_LIMITED';
}

/**
 * A retry budget in the manner of gRPC's retry throttling: every failure costs a token and retries stop while
 * fewer than half the tokens remain, so retries cannot multiply the load on a vendor that is failing for
 * everyone. A success means the vendor is back: the budget refills at once, so retries return with it.
 */
export class RetryBudget {
  private tokens: number;

  constructor(private readonly maxTokens = 10) {
    this.tokens = maxTokens;
  }

  get allowsRetry(): boolean {
    return this.tokens > this.maxTokens / 2;
  }

  recordSuccess(): void {
    this.tokens = this.maxTokens;
  }

  recordFailure(): void {
    this.tokens = Math.max(0, this.tokens - 1);
  }
}

export interface Resilience {
  policy: IPolicy;
  health: ProviderHealth;
  /** Runs one vendor call under the policies, turning policy rejections into ProviderErrors and recording health. */
  execute<T>(operation: string, call: () => Promise<T>): Promise<T>;
}

/** Told when a provider's circuit opens, tries again or closes: an outage is logged once, not per call. */
export type CircuitListener = (provider: ProviderId, state: CircuitStatus) => void;

/**
 * Per provider, outermost first: a circuit breaker that fails fast while the vendor is down (it counts calls,
 * not attempts, so one object that always fails cannot open it for everyone), retries with jittered
 * exponential backoff (or the vendor's Retry-After) within a retry budget, and a bulkhead capping calls in
 * flight with a bounded queue. All three are cockatiel policies.
 */
export function createResilience(provider: ProviderId, settings: ResilienceSettings, onCircuitChange?: CircuitListener): Resilience {
  const budget = new RetryBudget();
  const retryAfterOf = (error: unknown) =>
    error instanceof ProviderError && typeof error.details.retryAfterSeconds === 'number' ? error.details.retryAfterSeconds : null;
  const retrying = retry(
    handleWhen((error) => isTransient(error) && budget.allowsRetry && (retryAfterOf(error) ?? 0) <= settings.maxRetryAfterSeconds),
    {
      maxAttempts: settings.retries,
      backoff: new DelegateBackoff((context) => {
        const retryAfter = 'error' in context.result ? retryAfterOf(context.result.error) : null;
        if (retryAfter !== null) return retryAfter * 1000;
        // Decorrelated jitter between 50 ms and a cap that grows with the attempt.
        const cap = Math.min(2_000, 100 * 2 ** context.attempt);
        return 50 + Math.random() * (cap - 50);
      }),
    },
  );
  const breaker = circuitBreaker(handleWhen(isOutage), {
    halfOpenAfter: settings.breakerHalfOpenMs,
    breaker: new ConsecutiveBreaker(settings.breakerFailures),
  });
  if (onCircuitChange) {
    breaker.onBreak(() => onCircuitChange(provider, 'OPEN'));
    breaker.onHalfOpen(() => onCircuitChange(provider, 'HALF_OPEN'));
    breaker.onReset(() => onCircuitChange(provider, 'CLOSED'));
  }
  const limiter = bulkhead(settings.concurrency, settings.queue);
  const policy = wrap(breaker, retrying, limiter);

  const health: ProviderHealth = {
    circuit: () =>
      breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated
        ? 'OPEN'
        : breaker.state === CircuitState.HalfOpen
          ? 'HALF_OPEN'
          : 'CLOSED',
    lastErrorCode: null,
    lastErrorAt: null,
    creditsAvailable: null,
  };

  const record = (error: ProviderError) => {
    health.lastErrorCode = error.code;
    health.lastErrorAt = new Date();
    if (typeof error.details.available === 'number') health.creditsAvailable = error.details.available;
  };

  return {
    policy,
    health,
    async execute<T>(operation: string, call: () => Promise<T>): Promise<T> {
      try {
        const value = await policy.execute(async () => {
          try {
            const result = await call();
            budget.recordSuccess();
            return result;
          } catch (error) {
            if (isTransient(error)) budget.recordFailure();
            throw error;
          }
        });
        return value;
      } catch (error) {
        const failure = toProviderError(provider, operation, error, settings);
        record(failure);
        throw failure;
      }
    },
  };
}

function toProviderError(provider: ProviderId, operation: string, error: unknown, settings: ResilienceSettings): ProviderError {
  if (error instanceof ProviderError) return error;
  if (isBrokenCircuitError(error)) {
    return new ProviderError(
      provider,
      'UPSTREAM_UNAVAILABLE',
      `${operation}: failing fast: ${settings.breakerFailures} calls in a row failed, the vendor is given ${Math.round(settings.breakerHalfOpenMs / 1000)} s before the next try`,
      {
        details: { circuit: 'OPEN', retryable: false },
      },
    );
  }
  if (isBulkheadRejectedError(error)) {
    return new ProviderError(provider, 'UPSTREAM_UNAVAILABLE', `${operation}: too many calls to this vendor are waiting already`, {
      details: { retryable: false },
    });
  }
  return new ProviderError(provider, 'UPSTREAM_UNAVAILABLE', `${operation} failed unexpectedly`);
}
