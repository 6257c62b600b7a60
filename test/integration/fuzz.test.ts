import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserNameQuery } from '../documents/users.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const fakes = useFakeUpstreams();
let graph: GraphServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  graph = await GraphServer.start(envFor(fakes, ['threads-graph', 'threads-web', 'aisa', 'justoneapi', 'sociavault']));
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await graph.close();
});

const FIELDS = ['user', 'users', 'post', 'searchUsers', 'node', 'nodes', '_entities', 'feed', 'providers', '__typename', 'nope'];
const ARGUMENTS = [
  'platform',
  'username',
  'usernames',
  'id',
  'ids',
  'representations',
  'authors',
  'shortcode',
  'url',
  'query',
  'first',
  'after',
  'last',
  'before',
  'since',
  'until',
];
const SELECTIONS = [
  'id',
  'username',
  'text',
  'posts { edges { cursor node { id text } } pageInfo { endCursor } }',
  'followers { edges { node { username } } }',
  'media { url }',
  '__typename',
  'bogus',
];

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: -1_000, max: 1_000 }),
  fc.constantFrom('THREADS', 'INSTAGRAM', 'MYSPACE', 'null', 'true', '"zuck"', '"../x"', '"%2F"', '$v'),
  fc.base64String({ maxLength: 120 }),
);
const literal = (raw: unknown) =>
  typeof raw === 'string' && !/^(THREADS|INSTAGRAM|MYSPACE|null|true|\$v)$/.test(raw) && !raw.startsWith('"')
    ? JSON.stringify(raw)
    : String(raw);

const randomQuery = fc
  .tuple(
    fc.constantFrom('query', 'query', 'query', 'mutation', 'subscription'),
    fc.array(
      fc.record({
        field: fc.constantFrom(...FIELDS),
        args: fc.array(fc.tuple(fc.constantFrom(...ARGUMENTS), value), { maxLength: 4 }),
        selection: fc.array(fc.constantFrom(...SELECTIONS), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(
    ([operation, fields]) =>
      `${operation}($v: String) { ${fields
        .map(({ field, args, selection }, index) => {
          const argumentText = args.length ? `(${args.map(([name, raw]) => `${name}: ${literal(raw)}`).join(', ')})` : '';
          return `f${index}: ${field}${argumentText}${selection.length ? ` { ${selection.join(' ')} }` : ''}`;
        })
        .join(' ')} }`,
  );

async function expectNoServerError(body: string) {
  const response = await graph.post(body);
  expect(response.status, `${body} → ${response.text.slice(0, 300)}`).toBeLessThan(500);
  expect(() => JSON.parse(response.text)).not.toThrow();
  expect(response.text).not.toContain('INTERNAL_SERVER_ERROR');
}

describe('fuzzing the server with random input', () => {
  it('answers thousands of random queries and variables without a 5xx or an unexpected error', async () => {
    await fc.assert(
      fc.asyncProperty(randomQuery, value, async (query, variable) =>
        expectNoServerError(JSON.stringify({ query, variables: { v: variable } })),
      ),
      { numRuns: 1_000 },
    );
  }, 120_000);

  it('answers random cursors, handles, ids and page sizes with typed errors only', async () => {
    const query = `query($name: String!, $first: Int, $after: String, $id: ID!) {
      user(platform: THREADS, username: $name) { posts(first: $first, after: $after) { edges { cursor } } }
      post(platform: INSTAGRAM, id: $id) { text }
      node(id: $id) { id }
    }`;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.integer({ min: -5, max: 500 }),
        fc.oneof(fc.base64String({ maxLength: 200 }), fc.string()),
        fc.string({ maxLength: 60 }),
        async (name, first, after, id) => {
          await expectNoServerError(JSON.stringify({ query, variables: { name, first, after, id } }));
        },
      ),
      { numRuns: 700 },
    );
  }, 120_000);

  it('answers variables of any JSON shape, for every variable type, with typed errors only', async () => {
    const query = `query($first: Int, $after: String, $ids: [ID!]!, $representations: [_Any!]!, $since: DateTime, $url: URL, $platform: Platform!, $authors: [AuthorInput!]!) {
      user(platform: $platform, username: "zuck") { posts(first: $first, after: $after, since: $since) { edges { cursor } } }
      post(platform: $platform, url: $url) { id }
      nodes(ids: $ids) { id }
      _entities(representations: $representations) { __typename }
      feed(authors: $authors, first: $first) { edges { cursor } }
    }`;
    const names = ['first', 'after', 'ids', 'representations', 'since', 'url', 'platform', 'authors'];
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...names), fc.jsonValue({ maxDepth: 2 }), { maxKeys: names.length }),
        async (variables) => expectNoServerError(JSON.stringify({ query, variables })),
      ),
      { numRuns: 500 },
    );
  }, 120_000);

  it('answers random bytes as a request body with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (body) => expectNoServerError(body)),
      { numRuns: 300 },
    );
  });

  it('left no unhandled rejection behind and still answers', async () => {
    expect(
      unhandled.map((reason) => (reason instanceof Error ? `${reason.name}: ${reason.message}\n${reason.stack}` : String(reason))),
    ).toEqual([]);
    const result = await graph.query(UserNameQuery, { platform: 'THREADS', username: 'zuck' });
    expect(result.data).toEqual({ user: { username: 'zuck' } });
  });
});
