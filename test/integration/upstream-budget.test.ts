import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { envFor, type GraphServer, useFakeUpstreams, withYoga } from '../support/graph-server.js';

const fakes = useFakeUpstreams();
const USER = 'query { user(platform: THREADS, username: "zuck") { username } }';
// One profile lookup each, plus per user two pages of posts (a native page and one to resume): 2 × 3 = 6 calls.
const TWO_USERS_POSTS =
  'query { users(platform: THREADS, usernames: ["zuck", "mosseri"]) { username posts(first: 5) { edges { node { id } } } } }';

interface Answer {
  data?: unknown;
  errors?: { message: string; extensions: Record<string, unknown> }[];
  extensions?: { cost: { pricedUpstreamCalls: number; complexity: number } };
}

const newKey = () => randomBytes(24).toString('hex');
const stored = (name: string, key: string) => `${name}:${createHash('sha256').update(key).digest('hex')}`;

async function ask(
  graph: GraphServer,
  query: string,
  headers: Record<string, string> = {},
  variables?: Record<string, unknown>,
): Promise<{ status: number; answer: Answer }> {
  const response = await graph.post(JSON.stringify({ query, variables }), {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json',
    ...headers,
  });
  return { status: response.status, answer: JSON.parse(response.text) as Answer };
}

function vendorRequests(): number {
  return Object.values(fakes.servers).reduce((total, server) => total + server.requests.length, 0);
}

describe('MAX_UPSTREAM_CALLS', () => {
  it('refuses a query priced above it before any vendor call, naming the limit and the price', async () => {
    await withYoga(envFor(fakes, ['threads-graph'], { MAX_UPSTREAM_CALLS: '5' }), async (graph) => {
      const before = vendorRequests();
      const { status, answer } = await ask(graph, TWO_USERS_POSTS);
      expect(vendorRequests()).toBe(before);
      expect(status).toBe(400);
      expect(answer.data).toBeUndefined();
      expect(answer.errors?.[0]?.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        limit: 'maxUpstreamCalls',
        pricedUpstreamCalls: 6,
        maxUpstreamCalls: 5,
      });
      expect(answer.extensions?.cost.pricedUpstreamCalls).toBe(6);
    });
  });

  it('runs a query priced at exactly the limit', async () => {
    await withYoga(envFor(fakes, ['threads-graph'], { MAX_UPSTREAM_CALLS: '6' }), async (graph) => {
      const { answer } = await ask(graph, TWO_USERS_POSTS);
      expect(answer.errors).toBeUndefined();
      expect(answer.extensions?.cost.pricedUpstreamCalls).toBe(6);
    });
  });

  it("counts vendor calls, not the plain fields' cost: twenty-five scalar fields price one call", async () => {
    const fields = Array.from({ length: 25 }, (_, index) => `f${index}: username`).join(' ');
    await withYoga(envFor(fakes, ['threads-graph'], { MAX_UPSTREAM_CALLS: '1' }), async (graph) => {
      const { answer } = await ask(graph, `query { user(platform: THREADS, username: "zuck") { ${fields} } }`);
      expect(answer.errors).toBeUndefined();
      expect(answer.extensions?.cost.pricedUpstreamCalls).toBe(1);
      // complexity / UPSTREAM_COST would have priced it at 3.
      expect(answer.extensions?.cost.complexity).toBe(35);
    });
  });

  it("holds each API key to its own maxUpstreamCalls, and others to the deployment's", async () => {
    const alice = newKey();
    const bob = newKey();
    const env = envFor(fakes, ['threads-graph'], {
      API_KEYS: `${stored('alice', alice)}:maxUpstreamCalls=1,${stored('bob', bob)}`,
      MAX_UPSTREAM_CALLS: '10',
    });
    await withYoga(env, async (graph) => {
      const before = vendorRequests();
      const refused = await ask(graph, TWO_USERS_POSTS, { 'x-api-key': alice });
      expect(vendorRequests()).toBe(before);
      expect(refused.answer.errors?.[0]?.extensions).toMatchObject({ limit: 'maxUpstreamCalls', maxUpstreamCalls: 1 });
      expect((await ask(graph, USER, { 'x-api-key': alice })).answer.errors).toBeUndefined();
      expect((await ask(graph, TWO_USERS_POSTS, { 'x-api-key': bob })).answer.errors).toBeUndefined();
    });
  });

  it('prices a document asked again by the variables it comes with this time', async () => {
    const names = 'query Names($names: [String!]!) { users(platform: THREADS, usernames: $names) { username } }';
    await withYoga(envFor(fakes, ['threads-graph'], { MAX_UPSTREAM_CALLS: '2' }), async (graph) => {
      const priced = async (list: string[]) => (await ask(graph, names, {}, { names: list })).answer;
      for (const round of [1, 2]) {
        expect((await priced(['zuck'])).extensions?.cost.pricedUpstreamCalls, `round ${round}`).toBe(1);
        const refused = await priced(['zuck', 'mosseri', 'instagram']);
        expect(refused.errors?.[0]?.extensions, `round ${round}`).toMatchObject({ limit: 'maxUpstreamCalls', pricedUpstreamCalls: 3 });
        expect((await priced(['zuck', 'mosseri'])).errors, `round ${round}`).toBeUndefined();
      }
    });
  });
});
