import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CostReport } from '../../src/cost/ledger.js';
import { TTL_SECONDS } from '../../src/providers/vendor-calls.js';
import { envFor, type GraphServer, useFakeUpstreams, withYoga } from '../support/graph-server.js';

const fakes = useFakeUpstreams();
const PROFILE = 'query Profile($username: String!) { user(platform: THREADS, username: $username) { username followerCount } }';
const PROFILE_AND_POSTS =
  'query ProfileAndPosts($username: String!) { user(platform: THREADS, username: $username) { username posts(first: 3) { edges { node { id text } } } } }';
const MISSING_USER = 'query { user(platform: THREADS, username: "nobody_here_at_all") { username } }';

interface Answer {
  data?: unknown;
  errors?: unknown[];
  extensions?: { cost?: CostReport };
}

async function ask(
  graph: GraphServer,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ response: Response; answer: Answer }> {
  const response = await graph.app.yoga.fetch(graph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { response, answer: response.status === 304 ? {} : ((await response.json()) as Answer) };
}

const vendorRequests = () => fakes.servers['threads-graph'].requests.length;
const withResponseCache = (overrides: Record<string, string> = {}) =>
  envFor(fakes, ['threads-graph'], { RESPONSE_CACHE: 'on', ...overrides });

describe('the response cache (RESPONSE_CACHE=on)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers a query asked again from the kept answer: no vendor call, the same data, a cost of nothing', async () => {
    await withYoga(withResponseCache(), async (graph) => {
      const body = { query: PROFILE_AND_POSTS, variables: { username: 'zuck' } };
      const first = await ask(graph, body);
      const before = vendorRequests();
      const second = await ask(graph, body);
      expect(vendorRequests()).toBe(before);
      expect(second.answer.data).toEqual(first.answer.data);
      expect(first.answer.extensions?.cost?.servedFromResponseCache).toBe(false);
      expect(first.answer.extensions?.cost?.vendorCalls.total).toBe(2);
      expect(second.answer.extensions?.cost).toMatchObject({
        servedFromResponseCache: true,
        pricedUpstreamCalls: null,
        vendorCalls: { total: 0, byProvider: {} },
        cacheHits: { local: 0, shared: 0 },
      });
      const maxAge = `public, max-age=${Math.min(TTL_SECONDS.profile, TTL_SECONDS.posts)}`;
      expect(first.response.headers.get('cache-control')).toBe(maxAge);
      expect(second.response.headers.get('cache-control')).toBe(maxAge);
      expect(second.response.headers.get('age')).toBe('0');
      expect(second.response.headers.get('etag')).toBe(first.response.headers.get('etag'));
    });
  });

  it('keeps an answer per set of variables and per operation', async () => {
    await withYoga(withResponseCache(), async (graph) => {
      const zuck = await ask(graph, { query: PROFILE, variables: { username: 'zuck' } });
      const mosseri = await ask(graph, { query: PROFILE, variables: { username: 'mosseri' } });
      expect(zuck.answer.data).toEqual({ user: expect.objectContaining({ username: 'zuck' }) });
      expect(mosseri.answer.data).toEqual({ user: expect.objectContaining({ username: 'mosseri' }) });
      expect(mosseri.answer.extensions?.cost?.servedFromResponseCache).toBe(false);
    });
  });

  it("never answers one API key with what was kept for another's request", async () => {
    const stored = (name: string, key: string) => `${name}:${createHash('sha256').update(key).digest('hex')}`;
    await withYoga(
      withResponseCache({ API_KEYS: `${stored('alice', 'alice-key-0123456789')},${stored('bob', 'bob-key-0123456789')}` }),
      async (graph) => {
        const body = { query: PROFILE, variables: { username: 'zuck' } };
        await ask(graph, body, { 'x-api-key': 'alice-key-0123456789' });
        const bob = await ask(graph, body, { 'x-api-key': 'bob-key-0123456789' });
        const aliceAgain = await ask(graph, body, { 'x-api-key': 'alice-key-0123456789' });
        expect(bob.answer.extensions?.cost?.servedFromResponseCache).toBe(false);
        expect(aliceAgain.answer.extensions?.cost?.servedFromResponseCache).toBe(true);
        expect(aliceAgain.response.headers.get('vary')).toMatch(/x-api-key/i);
      },
    );
  });

  it('keeps no answer that carries errors: the query asked again goes to the vendor again', async () => {
    await withYoga(withResponseCache(), async (graph) => {
      const first = await ask(graph, { query: MISSING_USER });
      expect(first.answer.errors?.length).toBeGreaterThan(0);
      const before = vendorRequests();
      const second = await ask(graph, { query: MISSING_USER });
      expect(vendorRequests()).toBeGreaterThan(before);
      expect(second.response.headers.get('cache-control')).toBe('no-store');
    });
  });

  it('keeps an answer built from a cached vendor answer only as long as that vendor answer stays fresh', async () => {
    await withYoga(withResponseCache({ UPSTREAM_CACHE: 'on' }), async (graph) => {
      await ask(graph, { query: PROFILE_AND_POSTS, variables: { username: 'zuck' } });
      const fetchedAt = Date.now();
      // 100 s later the profile page read below comes from the upstream cache with 200 s of its 300 left.
      vi.spyOn(Date, 'now').mockReturnValue(fetchedAt + 100_000);
      const later = await ask(graph, { query: PROFILE, variables: { username: 'zuck' } });
      expect(later.answer.extensions?.cost?.cacheHits.local).toBe(1);
      const maxAge = Number(later.response.headers.get('cache-control')?.match(/max-age=(\d+)/)?.[1]);
      expect(maxAge).toBeLessThanOrEqual(TTL_SECONDS.profile - 100);
      expect(maxAge).toBeGreaterThan(TTL_SECONDS.profile - 110);
      // When that time is up, the kept answer is gone and the vendor is asked again.
      const expiry = (maxAge + 1) * 1000;
      const now = performance.now();
      vi.spyOn(Date, 'now').mockReturnValue(fetchedAt + 100_000 + expiry);
      vi.spyOn(performance, 'now').mockImplementation(() => now + expiry);
      const expired = await ask(graph, { query: PROFILE, variables: { username: 'zuck' } });
      expect(expired.answer.extensions?.cost?.servedFromResponseCache).toBe(false);
    });
  });

  it('answers a hash-only persisted query with its own document, never with another kept under the same variables', async () => {
    await withYoga(withResponseCache(), async (graph) => {
      const persisted = async (query: string) => {
        const sha256Hash = createHash('sha256').update(query).digest('hex');
        const extensions = { persistedQuery: { version: 1, sha256Hash } };
        await ask(graph, { query, variables: { username: 'zuck' }, extensions });
        return (await ask(graph, { variables: { username: 'zuck' }, extensions })).answer;
      };
      const profile = await persisted(PROFILE);
      const withPosts = await persisted(PROFILE_AND_POSTS);
      expect(profile.data).toEqual({ user: expect.objectContaining({ followerCount: expect.any(Number) }) });
      expect(withPosts.data).toEqual({ user: expect.objectContaining({ posts: expect.any(Object) }) });
    });
  });

  it("answers 304 with no body, and the kept answer's Cache-Control, to a client that sends back its ETag", async () => {
    await withYoga(withResponseCache(), async (graph) => {
      const body = { query: PROFILE, variables: { username: 'zuck' } };
      const first = await ask(graph, body);
      const etag = first.response.headers.get('etag');
      expect(etag).toMatch(/^[0-9a-f]{64}$/);
      const revalidated = await ask(graph, body, { 'if-none-match': etag ?? '' });
      expect(revalidated.response.status).toBe(304);
      expect(revalidated.response.headers.get('cache-control')).toBe(first.response.headers.get('cache-control'));
      expect(revalidated.response.headers.get('age')).toBe('0');
    });
  });

  it('is off unless switched on: the same query asked twice is executed twice', async () => {
    await withYoga(envFor(fakes, ['threads-graph']), async (graph) => {
      const body = { query: PROFILE, variables: { username: 'zuck' } };
      await ask(graph, body);
      const before = vendorRequests();
      const second = await ask(graph, body);
      expect(vendorRequests()).toBeGreaterThan(before);
      expect(second.response.headers.get('etag')).toBeNull();
    });
  });
});
