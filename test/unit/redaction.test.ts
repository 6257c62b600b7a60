import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/providers/redaction.js';
import { RetryBudget } from '../../src/providers/resilience.js';

describe('Redactor', () => {
  const key = 'sk_live_0123456789abcdef';
  const redactor = new Redactor([key, 'short']);

  it('removes the whole key, its URL-encoded form, and any 8-character piece of it', () => {
    expect(redactor.redact(`key=${key}.`)).toBe('key=[redacted].');
    expect(redactor.redact(`cut: ${key.slice(0, 11)}`)).toBe('cut: [redacted]');
    expect(redactor.redact(`tail ${key.slice(-9)} end`)).toBe('tail [redacted] end');
    expect(redactor.redact(`seven ${key.slice(0, 7)} stays`)).toBe(`seven ${key.slice(0, 7)} stays`);
  });

  it('removes a short secret only whole, and every URL', () => {
    expect(redactor.redact('a short one, shor')).toBe('a [redacted] one, shor');
    expect(redactor.redact('at https://api.example.com/v1?token=abc then')).toBe('at [url] then');
  });
});

describe('RetryBudget', () => {
  it('stops retries while a vendor fails for everyone and brings them back with its first success', () => {
    const budget = new RetryBudget(10);
    for (let failure = 0; failure < 10; failure += 1) budget.recordFailure();
    expect(budget.allowsRetry).toBe(false);
    budget.recordSuccess();
    expect(budget.allowsRetry).toBe(true);
  });
});
