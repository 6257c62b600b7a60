import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isFeedgraphError } from '../../src/errors.js';
import type { QuotaRule } from '../../src/quota/config.js';
import { Quotas } from '../../src/quota/quotas.js';

const WINDOW_SECONDS = 100;
const rule = (rolling: boolean): QuotaRule => ({
  name: 'threads-graph.profileLookup',
  provider: 'threads-graph',
  operations: ['profileLookup'],
  limit: 10,
  unit: 'calls',
  windowSeconds: WINDOW_SECONDS,
  rolling,
});

/** Tries one call at each of `demand`'s seconds (fake time, ascending); the seconds at which a call was admitted. */
async function admittedAt(quotas: Quotas, demand: number[]): Promise<number[]> {
  const admitted: number[] = [];
  for (const second of demand) {
    await vi.advanceTimersByTimeAsync(second * 1_000 - Date.now());
    try {
      await quotas.admit('threads-graph', 'profileLookup');
      admitted.push(second);
    } catch (error) {
      if (!isFeedgraphError(error) || error.code !== 'QUOTA_EXCEEDED') throw error;
    }
  }
  return admitted;
}

const seconds = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);
// One call opens a fixed window, the rest of the demand comes at its end and goes on past it.
const LATE_BURST = [0, ...seconds(91, 300)];

/** The most calls admitted within any WINDOW_SECONDS-long stretch. */
function busiestWindow(admitted: number[]): number {
  return Math.max(...admitted.map((start) => admitted.filter((second) => second >= start && second < start + WINDOW_SECONDS).length));
}

const memoryQuotas = (rolling: boolean) =>
  new Quotas([rule(rolling)], { redis: null, keyPrefix: 'test:', scopeOf: (provider) => provider, creditsPerCall: () => 1 });

describe('a rolling quota on fixed windows', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never admits more than its limit within any window-long stretch, steady or bursty', async () => {
    const steady = await admittedAt(memoryQuotas(true), seconds(0, 5 * WINDOW_SECONDS));
    expect(busiestWindow(steady)).toBeLessThanOrEqual(10);
    // The price of the guarantee: half the limit per fixed window.
    expect(steady).toHaveLength(5 * 5);
    vi.setSystemTime(0);
    expect(busiestWindow(await admittedAt(memoryQuotas(true), LATE_BURST))).toBeLessThanOrEqual(10);
  });

  it('where a plain quota of the same limit admits nearly twice it across a window boundary', async () => {
    expect(busiestWindow(await admittedAt(memoryQuotas(false), LATE_BURST))).toBe(19);
  });
});
