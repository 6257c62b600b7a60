import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import type { Fault } from '../../src/demo/fake-server.js';
import {
  PostSourceQuery,
  ProviderStatusQuery,
  UserAndPostSourcesQuery,
  UserNameQuery,
  UserPostsBesideProvidersQuery,
  UserSourceQuery,
} from '../documents/users.js';
import { envFor, GraphServer, withYoga, useFakeUpstreams } from '../support/graph-server.js';
import { type ProviderSetup, setup } from '../support/setups.js';

interface ProviderCase extends ProviderSetup {
  /** The code each injected status becomes with this vendor's own error body (absent: the vendor has no such answer). */
  statusCodes: Partial<Record<401 | 402 | 429 | 500, string>>;
  /** Whether the vendor sends Retry-After on 429. */
  sendsRetryAfter: boolean;
}

const CASES: ProviderCase[] = [
  {
    ...setup('threads-graph'),
    statusCodes: { 401: 'UNAUTHENTICATED', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' },
    sendsRetryAfter: false,
  },
  {
    ...setup('sociavault'),
    statusCodes: { 401: 'UNAUTHENTICATED', 402: 'INSUFFICIENT_CREDITS', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' },
    sendsRetryAfter: true,
  },
  {
    ...setup('aisa'),
    username: 'yifei_cc',
    statusCodes: { 401: 'UNAUTHENTICATED', 402: 'INSUFFICIENT_CREDITS', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' },
    sendsRetryAfter: true,
  },
  {
    ...setup('justoneapi'),
    username: 'yifei_cc',
    statusCodes: { 401: 'UNAUTHENTICATED', 402: 'INSUFFICIENT_CREDITS', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' },
    sendsRetryAfter: false,
  },
  {
    ...setup('threads-web'),
    username: 'mosseri',
    statusCodes: { 401: 'UNAUTHENTICATED', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' },
    sendsRetryAfter: true,
  },
  {
    ...setup('threads-web-public'),
    username: 'mosseri',
    statusCodes: { 401: 'UNAUTHENTICATED', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' },
    sendsRetryAfter: true,
  },
];

const TIMEOUT_MS = 400;
const BODY_FAULTS: { fault: Fault; code: string }[] = [
  { fault: { kind: 'hang' }, code: 'UPSTREAM_TIMEOUT' },
  { fault: { kind: 'slow-body', delayMs: 3_000 }, code: 'UPSTREAM_TIMEOUT' },
  { fault: { kind: 'truncated' }, code: 'UPSTREAM_BAD_RESPONSE' },
  { fault: { kind: 'invalid-json' }, code: 'UPSTREAM_BAD_RESPONSE' },
  { fault: { kind: 'oversized', bytes: 6 * 1024 * 1024 }, code: 'UPSTREAM_BAD_RESPONSE' },
  { fault: { kind: 'oversized', bytes: 6 * 1024 * 1024, chunked: true }, code: 'UPSTREAM_BAD_RESPONSE' },
  { fault: { kind: 'wrong-shape' }, code: 'UPSTREAM_BAD_RESPONSE' },
];

const fakes = useFakeUpstreams();

afterEach(() => {
  for (const server of Object.values(fakes.servers)) server.fault(null);
});

describe.each(CASES)('$id under faults', (testCase) => {
  let graph: GraphServer;
  const fake = () => fakes.servers[testCase.server];
  const ask = () => graph.query(UserPostsBesideProvidersQuery, { platform: testCase.platform, username: testCase.username });

  beforeAll(async () => {
    // No retries and a high breaker threshold: each fault is seen once, as the vendor sent it.
    graph = await GraphServer.inProcess(
      envFor(fakes, [testCase.id], { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), UPSTREAM_RETRIES: '0', CIRCUIT_BREAKER_FAILURES: '1000' }),
    );
  });

  afterAll(async () => {
    await graph.close();
  });

  async function expectFailure(fault: Fault, code: string) {
    fake().fault(fault);
    const started = performance.now();
    const answer = await ask();
    const elapsed = performance.now() - started;
    expect(answer.data?.user ?? null).toBeNull();
    expect(answer.data?.providers?.length).toBe(5);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code, provider: testCase.server });
    fake().fault(null);
    // A call the faulted request left behind (its field had already failed) may still be in flight and is shared
    // with the next request for the same page, so recovery is the first answer without errors.
    const healthy = await vi.waitFor(
      async () => {
        const again = await ask();
        expect(again.errors).toBeUndefined();
        return again;
      },
      { timeout: TIMEOUT_MS * 5, interval: 20 },
    );
    expect(healthy.data?.user?.username).toBe(testCase.username);
    return { answer, elapsed };
  }

  for (const [status, code] of Object.entries(testCase.statusCodes)) {
    it(`turns HTTP ${status} with the vendor's body into ${code}, keeps the rest of the response, and recovers`, async () => {
      const { answer } = await expectFailure({ kind: 'status', status: Number(status), retryAfterSeconds: 30 }, code);
      if (status === '429' && testCase.sendsRetryAfter) expect(answer.errors?.[0]?.extensions?.retryAfterSeconds).toBe(30);
      if (status === '402' && testCase.id === 'sociavault')
        expect(answer.errors?.[0]?.extensions).toMatchObject({ required: 1, available: 0 });
    });
  }

  for (const { fault, code } of BODY_FAULTS) {
    const name = fault.kind === 'oversized' && fault.chunked ? 'an oversized chunked body' : fault.kind;
    it(`answers ${name} with ${code} within the configured timeout, and recovers`, async () => {
      const { answer, elapsed } = await expectFailure(fault, code);
      expect(elapsed).toBeLessThan(TIMEOUT_MS * 5);
      if (fault.kind === 'oversized') expect(answer.errors?.[0]?.message).toMatch(/answered with more than 5 MiB/);
    });
  }
});

describe('retries', () => {
  it('retries a 503 once and answers with the data', async () => {
    await withYoga(envFor(fakes, ['aisa'], { UPSTREAM_RETRIES: '2' }), async (graph) => {
      fakes.servers.aisa.fault({ kind: 'status', status: 503 }, 1);
      const before = fakes.servers.aisa.requests.length;
      const answer = await graph.query(UserNameQuery, { platform: 'INSTAGRAM', username: 'yifei_cc' });
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.user?.username).toBe('yifei_cc');
      expect(fakes.servers.aisa.requests.length - before).toBe(2);
    });
  });

  it('honours a short Retry-After before retrying a 429', async () => {
    await withYoga(envFor(fakes, ['sociavault'], { UPSTREAM_RETRIES: '2', UPSTREAM_MAX_RETRY_AFTER_SECONDS: '5' }), async (graph) => {
      fakes.servers.sociavault.fault({ kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
      const started = performance.now();
      const answer = await graph.query(UserNameQuery, { platform: 'THREADS', username: 'mosseri' });
      expect(answer.errors).toBeUndefined();
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    });
  });

  it('reports a long Retry-After as RATE_LIMITED with retryAfterSeconds instead of waiting', async () => {
    await withYoga(envFor(fakes, ['sociavault'], { UPSTREAM_RETRIES: '2', UPSTREAM_MAX_RETRY_AFTER_SECONDS: '5' }), async (graph) => {
      fakes.servers.sociavault.fault({ kind: 'status', status: 429, retryAfterSeconds: 120 });
      const before = fakes.servers.sociavault.requests.length;
      const answer = await graph.query(UserNameQuery, { platform: 'THREADS', username: 'mosseri' });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 120, provider: 'sociavault' });
      expect(fakes.servers.sociavault.requests.length - before).toBe(1);
    });
  });
});

describe('the circuit breaker', () => {
  it('opens after consecutive outages, then fails fast without calling the vendor, and says so in Query.providers', async () => {
    const upstream = fakes.servers.justoneapi;
    await withYoga(
      envFor(fakes, ['justoneapi'], { UPSTREAM_RETRIES: '0', CIRCUIT_BREAKER_FAILURES: '3', CIRCUIT_BREAKER_HALF_OPEN_MS: '60000' }),
      async (graph) => {
        upstream.fault({ kind: 'status', status: 500 });
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const failed = await graph.query(UserNameQuery, { platform: 'INSTAGRAM', username: 'yifei_cc' });
          expect(failed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
        }
        const before = upstream.requests.length;
        const fast = await graph.query(UserNameQuery, { platform: 'INSTAGRAM', username: 'carsoncantcode' });
        expect(fast.errors?.[0]).toMatchObject({
          extensions: { code: 'UPSTREAM_UNAVAILABLE', circuit: 'OPEN', provider: 'justoneapi' },
          message: expect.stringMatching(/failing fast/),
        });
        expect(upstream.requests.length).toBe(before);
        const status = await graph.query(ProviderStatusQuery);
        expect(status.data?.providers.find((provider) => provider.id === 'justoneapi')).toMatchObject({
          circuit: 'OPEN',
          lastErrorCode: 'UPSTREAM_UNAVAILABLE',
        });
      },
    );
  });
});

describe('fallback to the next provider of the platform', () => {
  const mosseriPost = threadsWorld().accounts[1]!.posts[0]!;

  it('serves the post from the second provider when the first is down, and Post.source says which', async () => {
    await withYoga(envFor(fakes, ['threads-graph', 'threads-web'], { UPSTREAM_RETRIES: '0' }), async (graph) => {
      fakes.servers['threads-graph'].fault({ kind: 'status', status: 500 });
      const answer = await graph.query(PostSourceQuery, { platform: 'THREADS', id: mosseriPost.id });
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.post).toEqual({ nativeId: mosseriPost.id, text: mosseriPost.text, source: 'threads-web' });
      const status = await graph.query(ProviderStatusQuery);
      expect(status.data?.providers.find((provider) => provider.id === 'threads-graph')).toMatchObject({
        circuit: 'CLOSED',
        lastErrorCode: 'UPSTREAM_UNAVAILABLE',
      });
    });
  });

  it('falls back on a bad credential or spent credits too, for users and their first page of posts', async () => {
    await withYoga(envFor(fakes, ['aisa', 'justoneapi'], { UPSTREAM_RETRIES: '0' }), async (graph) => {
      fakes.servers.aisa.fault({ kind: 'status', status: 402 });
      const answer = await graph.query(UserAndPostSourcesQuery, { platform: 'INSTAGRAM', username: 'carsoncantcode', first: 3 });
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.user?.source).toBe('justoneapi');
      expect(answer.data?.user?.posts?.edges.every((edge) => edge.node.source === 'justoneapi')).toBe(true);
    });
  });

  it("reports the first provider's failure, naming every provider tried, when all fail", async () => {
    await withYoga(envFor(fakes, ['aisa', 'justoneapi'], { UPSTREAM_RETRIES: '0' }), async (graph) => {
      fakes.servers.aisa.fault({ kind: 'status', status: 401 });
      fakes.servers.justoneapi.fault({ kind: 'status', status: 500 });
      const answer = await graph.query(UserSourceQuery, { platform: 'INSTAGRAM', username: 'carsoncantcode' });
      expect(answer.errors?.[0]?.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        provider: 'aisa',
        triedProviders: ['aisa', 'justoneapi'],
      });
    });
  });
});
