import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import { createJsonLogger } from '../../src/logger.js';
import { NodeAndNodesByIdQuery } from '../documents/nodes.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const fakes = useFakeUpstreams();
let graph: GraphServer;
let logged: { level: string; msg: string; errors?: { code: string }[] }[] = [];

const upstreamCalls = () => Object.values(fakes.servers).reduce((total, server) => total + server.requestCount, 0);
const base64 = (text: string) => Buffer.from(text).toString('base64');

beforeAll(async () => {
  graph = await GraphServer.start(envFor(fakes, ['threads-graph', 'aisa']), {
    logger: createJsonLogger('debug', (line) => logged.push(JSON.parse(line) as (typeof logged)[number])),
  });
});

afterAll(async () => {
  await graph.close();
});

beforeEach(() => {
  logged = [];
});

async function send(init: { method?: string; query?: string; body?: string; accept?: string; contentType?: string }) {
  const url = init.query === undefined ? graph.url : `${graph.url}?${init.query}`;
  const response = await request(url, {
    method: init.method ?? 'POST',
    headers: {
      accept: init.accept ?? 'application/graphql-response+json',
      'graphql-preflight': '1',
      ...(init.body === undefined ? {} : { 'content-type': init.contentType ?? 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    json: JSON.parse(text) as {
      data?: unknown;
      errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    },
  };
}

/** The client heard about its mistake, and the log has no error-level line for it (those are for bugs). */
function expectLoggedBelowErrorLevel(code: string) {
  expect(logged.filter((line) => line.level === 'error')).toEqual([]);
  expect(logged).toContainEqual(
    expect.objectContaining({ level: 'info', msg: 'client mistake', errors: [expect.objectContaining({ code })] }),
  );
}

describe('operations this read-only graph cannot run', () => {
  it.each(['mutation { createPost }', 'subscription { posts { id } }', 'mutation Named($x: Int) { a(x: $x) }'])(
    'answers %j with HTTP 400 and a validation error saying why, whatever the client accepts',
    async (document) => {
      for (const accept of ['application/graphql-response+json', 'application/json']) {
        const response = await send({ body: JSON.stringify({ query: document }), accept });
        expect(response.status).toBe(400);
        const operation = document.split(' ')[0];
        expect(response.json.errors).toEqual([
          expect.objectContaining({
            message: `This API only reads: the schema has no ${operation} type, so ${operation} operations are not supported. Send a query.`,
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
        ]);
      }
      expectLoggedBelowErrorLevel('GRAPHQL_VALIDATION_FAILED');
    },
  );
});

describe('variables of the wrong type', () => {
  const cases = [
    {
      name: 'a string for an Int',
      document: 'query($n: Int) { user(platform: THREADS, username: "zuck") { posts(first: $n) { edges { cursor } } } }',
      variables: { n: 'abc' },
      says: 'Int cannot represent non-integer value',
    },
    {
      name: 'a bad DateTime',
      document: 'query($d: DateTime) { user(platform: THREADS, username: "zuck") { posts(since: $d) { edges { cursor } } } }',
      variables: { d: 'yesterday' },
      says: 'DateTime cannot represent an invalid date-time-string yesterday',
    },
    {
      name: 'a bad URL',
      document: 'query($u: URL) { post(platform: THREADS, url: $u) { id } }',
      variables: { u: 'not a url' },
      says: 'Expected type "URL"',
    },
    {
      name: 'an unknown enum value',
      document: 'query($p: Platform!) { user(platform: $p, username: "zuck") { id } }',
      variables: { p: 'MYSPACE' },
      says: 'does not exist in "Platform" enum',
    },
    {
      name: 'an input object missing a field',
      document: 'query($a: [AuthorInput!]!) { feed(authors: $a) { edges { cursor } } }',
      variables: { a: [{ platform: 'THREADS' }] },
      says: 'Field "username" of required type "String!" was not provided',
    },
    {
      name: 'an object for a list of ids',
      document: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      variables: { ids: { 0: 'x' } },
      says: 'ID cannot represent value',
    },
    {
      name: 'a missing required variable',
      document: 'query($name: String!) { user(platform: THREADS, username: $name) { id } }',
      variables: {},
      says: 'of required type "String!" was not provided',
    },
  ];

  it.each(cases)(
    'answers $name with BAD_USER_INPUT and HTTP 400, naming the variable, before any vendor call',
    async ({ document, variables, says }) => {
      const before = upstreamCalls();
      const response = await send({ body: JSON.stringify({ query: document, variables }) });
      expect(response.status).toBe(400);
      expect(response.json.data).toBeUndefined();
      expect(response.json.errors).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^Variable "\$\w+"/), extensions: { code: 'BAD_USER_INPUT' } }),
      ]);
      expect(response.json.errors?.[0]?.message).toContain(says);
      expect(upstreamCalls()).toBe(before);
      expectLoggedBelowErrorLevel('BAD_USER_INPUT');
    },
  );

  it('reports every variable that does not coerce, not only the first', async () => {
    const document =
      'query($a: Int, $b: Boolean!) { providers @include(if: $b) { id } user(platform: THREADS, username: "zuck") { posts(first: $a) { edges { cursor } } } }';
    const response = await send({ body: JSON.stringify({ query: document, variables: { a: 'x', b: 'y' } }) });
    expect(response.json.errors?.map((error) => error.message.slice(0, 12))).toEqual(['Variable "$a', 'Variable "$b']);
  });
});

describe('malformed GET and form parameters', () => {
  const document = encodeURIComponent('{ providers { id } }');

  it.each([`query=${document}&variables=[`, `query=${document}&variables=%7B%22a%22`, `query=${document}&extensions=%7Bnope`])(
    'answers GET ?%s with 400 BAD_REQUEST',
    async (query) => {
      for (const accept of ['application/graphql-response+json', 'application/json']) {
        const response = await send({ method: 'GET', query, accept });
        expect(response.status).toBe(400);
        expect(response.json.errors).toEqual([
          expect.objectContaining({
            message: expect.stringMatching(/^The request's "variables" or "extensions" parameter is not valid JSON/),
            extensions: { code: 'BAD_REQUEST' },
          }),
        ]);
      }
      expectLoggedBelowErrorLevel('BAD_REQUEST');
    },
  );

  it('answers a form post whose variables are not JSON with 400 BAD_REQUEST', async () => {
    const response = await send({ body: `query=${document}&variables=%5B`, contentType: 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(400);
    expect(response.json.errors?.[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
  });
});

describe('cursors', () => {
  const mosseriFirstPost = threadsWorld().accounts.find((account) => account.user.username === 'mosseri')!.posts[0]!.id;

  // Raw on purpose: the empty cursors are literals in the document, as a client writes them.
  it.each([
    ['after: ""', '{ user(platform: THREADS, username: "zuck") { posts(first: 2, after: "") { edges { cursor } } } }', ['user', 'posts']],
    [
      'before: "" with last',
      '{ user(platform: THREADS, username: "zuck") { posts(last: 2, before: "") { edges { cursor } } } }',
      ['user', 'posts'],
    ],
    ['before: "" alone', '{ user(platform: THREADS, username: "zuck") { posts(before: "") { edges { cursor } } } }', ['user', 'posts']],
    ['a feed after: ""', '{ feed(authors: [{ platform: THREADS, username: "zuck" }], after: "") { edges { cursor } } }', ['feed']],
    [
      'a conversation after: ""',
      `{ post(platform: THREADS, id: "${mosseriFirstPost}") { thread { replies(after: "") { edges { cursor } } } } }`,
      ['post', 'thread', 'replies'],
    ],
  ])('answers %s with BAD_CURSOR, never a walk restarted from the top', async (_name, document, path) => {
    const result = await graph.query(document);
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Invalid cursor: it is not a cursor/),
        path,
        extensions: { code: 'BAD_CURSOR' },
      }),
    ]);
  });
});

describe('global ids naming no node type', () => {
  it.each(['V3er:THREADS:mosseri', '__proto__:x', 'constructor:THREADS:zuck', 'Media:THREADS:1', 'Query:x'])(
    'answers node and nodes with %j as BAD_USER_INPUT, not an unexpected error',
    async (raw) => {
      const result = await graph.query(NodeAndNodesByIdQuery, { id: base64(raw) });
      expect(result.errors?.map((error) => [error.path, error.extensions?.code, error.message])).toEqual([
        [['node'], 'BAD_USER_INPUT', 'Not an id this API issued.'],
        [['nodes', 0], 'BAD_USER_INPUT', 'Not an id this API issued.'],
      ]);
    },
  );
});

describe('Federation representations', () => {
  // Raw on purpose: _entities is in the subgraph schema only (served on /subgraph), which codegen does not type.
  const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { username } } }`;

  it('serves the good representations and answers each malformed one with its own BAD_USER_INPUT, at its index', async () => {
    const representations = [
      { __typename: 'User', id: base64('User:THREADS:zuck') },
      { __typename: 'User' },
      'zuck',
      { __typename: 'Query', id: base64('User:THREADS:zuck') },
      { __typename: 'Post', id: base64('User:THREADS:zuck') },
      { __typename: 'User', id: 'not-a-global-id' },
    ];
    const result = await graph.at('/subgraph').query<{ _entities: unknown[] }, unknown>(ENTITIES, { representations });
    expect(result.status).toBe(200);
    expect(result.data?._entities).toEqual([{ username: 'zuck' }, null, null, null, null, null]);
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 1], 'BAD_USER_INPUT'],
      [['_entities', 2], 'BAD_USER_INPUT'],
      [['_entities', 3], 'BAD_USER_INPUT'],
      [['_entities', 4], 'BAD_USER_INPUT'],
      [['_entities', 5], 'BAD_USER_INPUT'],
    ]);
    expect(result.errors?.[0]?.message).toBe(
      'representations[1] must be an object {"__typename": "User", "Post" or "Thread", "id": a global id}.',
    );
    expect(result.errors?.[3]?.message).toBe('Not a Post id: it names a User.');
    expect(logged.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('awaits the read of an unknown user started beside a malformed representation, and reports it', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const result = await graph.at('/subgraph').query<{ _entities: unknown[] }, unknown>(ENTITIES, {
        representations: [
          { __typename: 'User', id: base64('User:THREADS:nobody.here') },
          { __typename: 'Nope', id: 'x' },
        ],
      });
      // The vendor's answer for the first entry is in the response, so its read finished before the response did.
      expect(result.data?._entities).toEqual([null, null]);
      expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
        [['_entities', 0], 'NOT_FOUND'],
        [['_entities', 1], 'BAD_USER_INPUT'],
      ]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
