import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_QUOTAS } from '../../src/quota/config.js';
import { pointsEnforced } from '../../src/quota/quotas.js';
import { VENDOR_OPERATIONS } from '../../src/quota/vendor-operations.js';

const HASH = 'a'.repeat(64);

describe('QUOTAS', () => {
  it("defaults to Meta's profile discovery limit: 1,000 per rolling 24 h over lookups and profile posts", () => {
    expect(loadConfig({}).quotas).toEqual([
      {
        name: 'threads-graph.profileLookup+profilePosts',
        provider: 'threads-graph',
        operations: ['profileLookup', 'profilePosts'],
        limit: 1_000,
        unit: 'calls',
        windowSeconds: 86_400,
        rolling: true,
      },
    ]);
    expect(loadConfig({ QUOTAS: DEFAULT_QUOTAS }).quotas).toEqual(loadConfig({}).quotas);
  });

  it('reads providers, operations, credits and windows; none switches every quota off', () => {
    expect(loadConfig({ QUOTAS: 'sociavault=5000credits/1d, aisa=100/15m' }).quotas).toEqual([
      {
        name: 'sociavault',
        provider: 'sociavault',
        operations: null,
        limit: 5_000,
        unit: 'credits',
        windowSeconds: 86_400,
        rolling: false,
      },
      { name: 'aisa', provider: 'aisa', operations: null, limit: 100, unit: 'calls', windowSeconds: 900, rolling: false },
    ]);
    expect(loadConfig({ QUOTAS: 'none' }).quotas).toEqual([]);
  });

  it('enforces a rolling limit of N as N/2 per fixed window, so no rolling window ever sees more than N', () => {
    const [rule] = loadConfig({ QUOTAS: 'threads-graph.profileLookup=1001/24h-rolling' }).quotas;
    expect(rule && pointsEnforced(rule)).toBe(500);
    const [fixed] = loadConfig({ QUOTAS: 'threads-graph.profileLookup=1001/24h' }).quotas;
    expect(fixed && pointsEnforced(fixed)).toBe(1_001);
  });

  it.each([
    ['threads-graph', /QUOTAS: entry 1 \("threads-graph"\): not provider\[\.operation/],
    ['nobody=5/1h', /QUOTAS: entry 1 \("nobody=5\/1h"\): "nobody" is not a provider \(choose from threads-graph, sociavault/],
    ['threads-graph.lookup=5/1h', /"lookup" is not a vendor operation of threads-graph \(choose from profileLookup, me,/],
    ['threads-graph=5credits/1d', /threads-graph does not bill in credits: count its calls/],
    ['aisa=0/1h', /the limit must be at least 1/],
    ['aisa=1/1h-rolling', /a rolling quota needs a limit of at least 2/],
    ['aisa=5/0s', /the window must be between 1s and 366d/],
    ['aisa=5/1w', /not provider/],
    ['aisa=5/1h,aisa=6/1d', /QUOTAS: entry 2 \("aisa=6\/1d"\): aisa has a quota already/],
  ])('refuses QUOTAS=%s, naming the variable, the entry and the problem', (value, message) => {
    expect(() => loadConfig({ QUOTAS: value })).toThrow(message);
  });

  it('lists exactly the vendor operations each provider names in calls.once', () => {
    for (const [provider, operations] of Object.entries(VENDOR_OPERATIONS)) {
      const folder = new URL(`../../src/providers/${provider}/`, import.meta.url);
      const source = readdirSync(folder)
        .map((file) => readFileSync(new URL(file, folder), 'utf8'))
        .join('\n');
      const named = new Set(
        [...source.matchAll(/operation: '([A-Za-z]+)'|once\(calls, '([A-Za-z]+)'/g)].map((match) => match[1] ?? match[2] ?? ''),
      );
      expect([...operations].sort(), provider).toEqual([...named].sort());
    }
  });
});

describe('MAX_UPSTREAM_CALLS and per-key budgets', () => {
  it('is unset by default, and a whole number of at least 1', () => {
    expect(loadConfig({}).maxUpstreamCalls).toBeNull();
    expect(loadConfig({ MAX_UPSTREAM_CALLS: '40' }).maxUpstreamCalls).toBe(40);
    expect(() => loadConfig({ MAX_UPSTREAM_CALLS: '0' })).toThrow(/MAX_UPSTREAM_CALLS: /);
  });

  it('reads an API key budget after its hash, and refuses anything else there', () => {
    expect(loadConfig({ API_KEYS: `alice:${HASH}:maxUpstreamCalls=20,bob:${HASH}` }).access.apiKeys).toEqual([
      { name: 'alice', sha256Hex: HASH, maxUpstreamCalls: 20 },
      { name: 'bob', sha256Hex: HASH, maxUpstreamCalls: null },
    ]);
    expect(() => loadConfig({ API_KEYS: `alice:${HASH}:budget=20` })).toThrow(
      /API_KEYS: entry 1: after the key's SHA-256, only :maxUpstreamCalls=N/,
    );
    expect(() => loadConfig({ API_KEYS: `alice:${HASH}:maxUpstreamCalls=0` })).toThrow(/only :maxUpstreamCalls=N \(1 to 99999\)/);
  });
});

describe('COST_EXTENSION', () => {
  it('is on unless switched off', () => {
    expect(loadConfig({}).costExtension).toBe(true);
    expect(loadConfig({ COST_EXTENSION: 'off' }).costExtension).toBe(false);
  });
});
