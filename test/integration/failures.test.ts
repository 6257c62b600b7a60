import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import type { FakeUpstreams } from '../../src/demo/index.js';
import type { Fault } from '../../src/demo/fake-server.js';
import { envFor, GraphServer, withGraph, useFakeUpstreams } from '../support/graph-server.js';

type Setup = 'threads-graph' | 'sociavault' | 'aisa' | 'justoneapi' | 'threads-web' | 'threads-web-public';
type Server = keyof FakeUpstreams['servers'];

interface ProviderCase {
  setup: Setup;
  server: Server;
  platform: 'THREADS' | 'INSTAGRAM';
  username: string;
  /** The code each injected status becomes with this vendor's own error body (absent: the vendor has no such answer). */
  statusCodes: Partial<Record<401 | 402 | 429 | 500, string>>;
  /** Whether the vendor sends Retry-After on 429. */
  sendsRetryAfter: boolean;
}

const CASES: ProviderCase[] = [
  { setup: 'threads-graph', server: 'threads-graph', platform: 'THREADS', username: 'zuck', statusCodes: { 401: 'UNAUTHENTICATED', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' }, sendsRetryAfter: false },
  { setup: 'sociavault', server: 'sociavault', platform: 'THREADS', username: 'zuck', statusCodes: { 401: 'UNAUTHENTICATED', 402: 'INSUFFICIENT_CREDITS', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' }, sendsRetryAfter: true },
  { setup: 'aisa', server: 'aisa', platform: 'INSTAGRAM', username: 'yifei_cc', statusCodes: { 401: 'UNAUTHENTICATED', 402: 'INSUFFICIENT_CREDITS', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' }, sendsRetryAfter: true },
  { setup: 'justoneapi', server: 'justoneapi', platform: 'INSTAGRAM', username: 'yifei_cc', statusCodes: { 401: 'UNAUTHENTICATED', 402: 'INSUFFICIENT_CREDITS', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' }, sendsRetryAfter: false },
  { setup: 'threads-web', server: 'threads-web', platform: 'THREADS', username: 'mosseri', statusCodes: { 401: 'UNAUTHENTICATED', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' }, sendsRetryAfter: true },
  { setup: 'threads-web-public', server: 'threads-web', platform: 'THREADS', username: 'mosseri', statusCodes: { 401: 'UNAUTHENTICATED', 429: 'RATE_LIMITED', 500: 'UPSTREAM_UNAVAILABLE' }, sendsRetryAfter: true },
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

interface Answer {
  data?: { user?: { username: string; posts?: { edges: unknown[] } | null } | null; providers?: { id: string }[] } | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
  text: string;
}

describe.each(CASES)('$setup under faults', (testCase) => {
  let graph: GraphServer;
  const fake = () => fakes.servers[testCase.server];
  const query = `{ user(platform: ${testCase.platform}, username: "${testCase.username}") { username posts(first: 2) { edges { cursor } } } providers { id } }`;
  const ask = async () => (await graph.query(query)) as Answer;

  beforeAll(async () => {
    // No retries and a high breaker threshold: each fault is seen once, as the vendor sent it.
    graph = await GraphServer.start(envFor(fakes, [testCase.setup], { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), UPSTREAM_RETRIES: '0', CIRCUIT_BREAKER_FAILURES: '1000' }));
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
    const healthy = await ask();
    expect(healthy.errors).toBeUndefined();
    expect(healthy.data?.user?.username).toBe(testCase.username);
    return { answer, elapsed };
  }

  for (const [status, code] of Object.entries(testCase.statusCodes)) {
    it(`turns HTTP ${status} with the vendor's body into ${code}, keeps the rest of the response, and recovers`, async () => {
      const { answer } = await expectFailure({ kind: 'status', status: Number(status), retryAfterSeconds: 30 }, code);
      if (status === '429' && testCase.sendsRetryAfter) expect(answer.errors?.[0]?.extensions?.retryAfterSeconds).toBe(30);
      if (status === '402' && testCase.setup === 'sociavault') expect(answer.errors?.[0]?.extensions).toMatchObject({ required: 1, available: 0 });
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
    await withGraph(envFor(fakes, ['aisa'], { UPSTREAM_RETRIES: '2' }), async (graph) => {
      fakes.servers.aisa.fault({ kind: 'status', status: 503 }, 1);
      const before = fakes.servers.aisa.requests.length;
      const answer = (await graph.query(`{ user(platform: INSTAGRAM, username: "yifei_cc") { username } }`)) as Answer;
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.user?.username).toBe('yifei_cc');
      expect(fakes.servers.aisa.requests.length - before).toBe(2);
    });
  });

  it('honours a short Retry-After before retrying a 429', async () => {
    await withGraph(envFor(fakes, ['sociavault'], { UPSTREAM_RETRIES: '2', UPSTREAM_MAX_RETRY_AFTER_SECONDS: '5' }), async (graph) => {
      fakes.servers.sociavault.fault({ kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
      const started = performance.now();
      const answer = (await graph.query(`{ user(platform: THREADS, username: "mosseri") { username } }`)) as Answer;
      expect(answer.errors).toBeUndefined();
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    });
  });

  it('reports a long Retry-After as RATE_LIMITED with retryAfterSeconds instead of waiting', async () => {
    await withGraph(envFor(fakes, ['sociavault'], { UPSTREAM_RETRIES: '2', UPSTREAM_MAX_RETRY_AFTER_SECONDS: '5' }), async (graph) => {
      fakes.servers.sociavault.fault({ kind: 'status', status: 429, retryAfterSeconds: 120 });
      const before = fakes.servers.sociavault.requests.length;
      const answer = (await graph.query(`{ user(platform: THREADS, username: "mosseri") { username } }`)) as Answer;
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 120, provider: 'sociavault' });
      expect(fakes.servers.sociavault.requests.length - before).toBe(1);
    });
  });
});

describe('the circuit breaker', () => {
  it('opens after consecutive outages, then fails fast without calling the vendor, and says so in Query.providers', async () => {
    const upstream = fakes.servers.justoneapi;
    await withGraph(envFor(fakes, ['justoneapi'], { UPSTREAM_RETRIES: '0', CIRCUIT_BREAKER_FAILURES: '3', CIRCUIT_BREAKER_HALF_OPEN_MS: '60000' }), async (graph) => {
      upstream.fault({ kind: 'status', status: 500 });
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const failed = (await graph.query(`{ user(platform: INSTAGRAM, username: "yifei_cc") { username } }`)) as Answer;
        expect(failed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      }
      const before = upstream.requests.length;
      const fast = (await graph.query(`{ user(platform: INSTAGRAM, username: "carsoncantcode") { username } }`)) as Answer;
      expect(fast.errors?.[0]).toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE', circuit: 'OPEN', provider: 'justoneapi' }, message: expect.stringMatching(/failing fast/) });
      expect(upstream.requests.length).toBe(before);
      const status = (await graph.query(`{ providers { id circuit lastErrorCode } }`)) as { data: { providers: { id: string; circuit: string; lastErrorCode: string }[] } };
      expect(status.data.providers.find((provider) => provider.id === 'justoneapi')).toMatchObject({ circuit: 'OPEN', lastErrorCode: 'UPSTREAM_UNAVAILABLE' });
    });
  });
});

describe('fallback to the next provider of the platform', () => {
  const mosseriPost = threadsWorld().accounts[1]!.posts[0]!;

  it('serves the post from the second provider when the first is down, and Post.source says which', async () => {
    await withGraph(envFor(fakes, ['threads-graph', 'threads-web'], { UPSTREAM_RETRIES: '0' }), async (graph) => {
      fakes.servers['threads-graph'].fault({ kind: 'status', status: 500 });
      const answer = (await graph.query(`{ post(platform: THREADS, id: "${mosseriPost.id}") { nativeId text source } }`)) as { data: { post: { nativeId: string; text: string; source: string } }; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      expect(answer.data.post).toEqual({ nativeId: mosseriPost.id, text: mosseriPost.text, source: 'threads-web' });
      const status = (await graph.query(`{ providers { id circuit lastErrorCode } }`)) as { data: { providers: { id: string; lastErrorCode: string | null }[] } };
      expect(status.data.providers.find((provider) => provider.id === 'threads-graph')).toMatchObject({ circuit: 'CLOSED', lastErrorCode: 'UPSTREAM_UNAVAILABLE' });
    });
  });

  it('falls back on a bad credential or spent credits too, for users and their first page of posts', async () => {
    await withGraph(envFor(fakes, ['aisa', 'justoneapi'], { UPSTREAM_RETRIES: '0' }), async (graph) => {
      fakes.servers.aisa.fault({ kind: 'status', status: 402 });
      const answer = (await graph.query(`{ user(platform: INSTAGRAM, username: "carsoncantcode") { source posts(first: 3) { edges { node { source } } } } }`)) as { data: { user: { source: string; posts: { edges: { node: { source: string } }[] } } }; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      expect(answer.data.user.source).toBe('justoneapi');
      expect(answer.data.user.posts.edges.every((edge) => edge.node.source === 'justoneapi')).toBe(true);
    });
  });

  it('reports the first provider\'s failure, naming every provider tried, when all fail', async () => {
    await withGraph(envFor(fakes, ['aisa', 'justoneapi'], { UPSTREAM_RETRIES: '0' }), async (graph) => {
      fakes.servers.aisa.fault({ kind: 'status', status: 401 });
      fakes.servers.justoneapi.fault({ kind: 'status', status: 500 });
      const answer = (await graph.query(`{ user(platform: INSTAGRAM, username: "carsoncantcode") { source } }`)) as Answer;
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: 'aisa', triedProviders: ['aisa', 'justoneapi'] });
    });
  });
});
