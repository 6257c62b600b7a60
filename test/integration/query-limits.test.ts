import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BODY_BYTES } from '../../src/yoga.js';
import { PostTextQuery, UserNameQuery } from '../documents/users.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const fakes = useFakeUpstreams();
let graph: GraphServer;
let production: GraphServer;

const upstreamCalls = () => Object.values(fakes.servers).reduce((total, server) => total + server.requestCount, 0);

beforeAll(async () => {
  graph = await GraphServer.start(envFor(fakes, ['threads-web', 'aisa']));
  production = await GraphServer.start(envFor(fakes, ['threads-web', 'aisa'], { NODE_ENV: 'production', AUTH: 'off' }));
});

afterAll(async () => {
  await graph.close();
  await production.close();
});

describe('input that must never reach a vendor URL', () => {
  it.each(['../etc/passwd', 'zuck?admin=1', 'zuck#x', 'zuck%2F..', 'zu ck', ' ', 'a'.repeat(31), 'zuck/posts', 'ｚｕｃｋ', 'zuck\u0000'])(
    'rejects the handle %j with BAD_USER_INPUT and calls no vendor',
    async (handle) => {
      const before = upstreamCalls();
      const result = await graph.query(UserNameQuery, { platform: 'THREADS', username: handle });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(upstreamCalls()).toBe(before);
    },
  );

  it.each(['1/../2', '12?x', 'abc', '1'.repeat(40)])('rejects the id %j', async (id) => {
    const result = await graph.query(PostTextQuery, { platform: 'THREADS', id });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

// Raw on purpose: these documents are built to the size of the limit they probe, or are not valid GraphQL.
describe('query limits', () => {
  it('refuses a query deeper than the limit before fetching anything', async () => {
    const before = upstreamCalls();
    const deep = `{ post(platform: THREADS, id: "1") { ${'replyTo { '.repeat(20)}text${' }'.repeat(20)} } }`;
    const result = await graph.query(deep);
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
    expect(upstreamCalls()).toBe(before);
  });

  it('refuses more than 30 aliases', async () => {
    const aliases = Array.from({ length: 31 }, (_, index) => `a${index}: providers { id }`).join(' ');
    const result = await graph.query(`{ ${aliases} }`);
    expect(result.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses a query whose vendor calls would multiply past the cost limit, naming the limit', async () => {
    const before = upstreamCalls();
    const result = await graph.query(
      `{ user(platform: THREADS, username: "zuck") { posts(first: 100) { edges { node { author { posts(first: 100) { edges { node { text } } } } } } } } }`,
    );
    expect(result.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', limit: 'complexity' },
      message: expect.stringMatching(/too costly/),
    });
    expect(upstreamCalls()).toBe(before);
  });

  it('allows the same shape at a sensible size', async () => {
    const result = await graph.query(
      `{ user(platform: THREADS, username: "zuck") { posts(first: 5) { edges { node { author { posts(first: 5) { edges { node { text } } } } } } } } }`,
    );
    expect(result.errors).toBeUndefined();
  });

  it('refuses a request body over the size limit with 413', async () => {
    const body = JSON.stringify({ query: `{ providers { id } }`, variables: { padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES) } });
    const response = await graph.post(body);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('counts a chunked body (no Content-Length) as it streams: 413 over the limit, answered within it', async () => {
    const chunked = async (text: string) => {
      // A stream body of unknown length makes undici send Transfer-Encoding: chunked.
      const body = Readable.from(
        (function* () {
          for (let start = 0; start < text.length; start += 16_384) yield text.slice(start, start + 16_384);
        })(),
      );
      const response = await request(graph.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return {
        status: response.statusCode,
        json: (await response.body.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] },
      };
    };
    const over = await chunked(
      JSON.stringify({ query: `{ providers { id } }`, variables: { padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES) } }),
    );
    expect(over.status).toBe(413);
    expect(over.json.errors?.[0]?.extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    const within = await chunked(
      JSON.stringify({ query: `{ providers { id } }`, variables: { padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES / 2) } }),
    );
    expect(within).toEqual({
      status: 200,
      json: { data: { providers: expect.arrayContaining([{ id: 'aisa' }]) }, extensions: { cost: expect.any(Object) } },
    });
  });

  it('refuses a Content-Length that is not one number with 400', async () => {
    const response = await graph.app.yoga.fetch('http://feedgraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '24, 24' },
      body: '{"query":"{ __typename }"}',
    });
    expect(response.status).toBe(400);
  });

  it('answers malformed requests with a 4xx, never a 5xx', async () => {
    for (const body of ['{', '[]', '{"query": 42}', '{"query": "{ providers { id } }", "variables": "x"}', '']) {
      const response = await graph.post(body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });
});

describe('production switches', () => {
  it('turns introspection off', async () => {
    // Raw on purpose: introspection is no client operation, so it stays out of the trusted-documents manifest.
    const result = await production.query(`{ __schema { types { name } } }`);
    expect(result.errors?.[0]?.message).toMatch(/introspection/i);
    const development = await graph.query(`{ __schema { queryType { name } } }`);
    expect(development.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('turns GraphiQL off', async () => {
    const response = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toMatch(/graphiql/i);
  });

  it('hides field suggestions that would map the schema for a stranger', async () => {
    // Raw on purpose: a misspelled field, which no typed document can hold.
    const result = await production.query(`{ provider { id } }`);
    expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const development = await graph.query(`{ provider { id } }`);
    expect(development.errors?.[0]?.message).toMatch(/Did you mean "providers"/);
  });
});
