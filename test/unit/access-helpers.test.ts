import { describe, expect, it } from 'vitest';
import { preferredEncoding } from '../../src/plugins/use-compression.js';
import { limiterOptions } from '../../src/rate-limit-store.js';

describe('Accept-Encoding negotiation', () => {
  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br, zstd', 'br'],
    ['GZIP;q=1.0, br;q=0.8', 'gzip'],
    ['*', 'br'],
    ['*;q=0.1, gzip', 'gzip'],
    ['deflate', null],
    ['br;q=0, gzip;q=0', null],
    ['identity', null],
    ['', null],
    [null, null],
  ])('picks %j as %j', (accepted, expected) => {
    expect(preferredEncoding(accepted)).toBe(expected);
  });
});

describe('the rate-limit bucket', () => {
  it.each([
    [300, 50, 10],
    [60, 2, 2],
    [600, 1, 1],
    [7, 2, 17],
  ])('%i a minute with a burst of %i refills the burst every %i s', (perMinute, burst, seconds) => {
    expect(limiterOptions({ perMinute, burst })).toEqual({ points: burst, duration: seconds, keyPrefix: 'feedgraph-rate' });
  });
});
