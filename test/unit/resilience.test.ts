import { describe, expect, it } from 'vitest';
import { retryAfterOf } from '../../src/providers/http.js';
import { isTransient, RetryBudget } from '../../src/providers/resilience.js';
import { ProviderError } from '../../src/errors.js';

describe('the retry budget', () => {
  it('stops retries once failures have spent half the tokens, and earns them back with successes', () => {
    const budget = new RetryBudget(10);
    for (let failure = 0; failure < 5; failure += 1) {
      expect(budget.allowsRetry).toBe(true);
      budget.recordFailure();
    }
    expect(budget.allowsRetry).toBe(false);
    for (let success = 0; success < 10; success += 1) budget.recordSuccess();
    expect(budget.allowsRetry).toBe(true);
  });
});

describe('what is worth retrying', () => {
  it('retries outages and rate limits, never bad credentials, missing objects, bad payloads or an open circuit', () => {
    const error = (code: ConstructorParameters<typeof ProviderError>[1], details = {}) => new ProviderError('aisa', code, 'x', { details });
    expect(isTransient(error('UPSTREAM_UNAVAILABLE'))).toBe(true);
    expect(isTransient(error('RATE_LIMITED'))).toBe(true);
    for (const code of ['UNAUTHENTICATED', 'NOT_FOUND', 'UPSTREAM_BAD_RESPONSE', 'UPSTREAM_TIMEOUT', 'INSUFFICIENT_CREDITS'] as const)
      expect(isTransient(error(code))).toBe(false);
    expect(isTransient(error('UPSTREAM_UNAVAILABLE', { circuit: 'OPEN', retryable: false }))).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterOf('30')).toBe(30);
    expect(retryAfterOf(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThanOrEqual(9);
    expect(retryAfterOf('soon')).toBeNull();
    expect(retryAfterOf(undefined)).toBeNull();
  });
});
