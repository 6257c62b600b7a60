import fc from 'fast-check';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../src/demo/fake-server.js';
import { PROVIDER_IDS } from '../../src/domain.js';
import { envFor, useFakeUpstreams } from '../support/graph-server.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The server in its own process (src/server.ts, as `npm start` runs it) against the fake vendors of this test
 * process, whose faults the test switches on and off: thousands of requests mixing valid and malformed
 * Federation representations, node ids and cursors must leave it alive, with no unhandled rejection, no 5xx,
 * and no INTERNAL_SERVER_ERROR.
 */

const BATCHES = 100;
const BATCH_SIZE = 50;
const CLIENT_CODES = new Set(['BAD_USER_INPUT', 'BAD_CURSOR', 'BAD_REQUEST', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

const fakes = useFakeUpstreams();
let server: ServerProcess;
const agent = new Agent({ connections: BATCH_SIZE, keepAliveTimeout: 10_000 });
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** What the server handed out, to be mixed with malformed values. */
interface Issued {
  ids: string[];
  postCursors: string[];
  feedCursors: string[];
}
let issued: Issued;

interface Attempt {
  method: 'GET' | 'POST';
  /** A query string for GET, a JSON body for POST. */
  payload: string;
  /** True when the request is wrong whatever the vendors answer: it must be told so with a client error. */
  clientMistake: boolean;
}

async function send(attempt: Attempt): Promise<{ status: number; text: string }> {
  const url = attempt.method === 'GET' ? `${server.url}?${attempt.payload}` : server.url;
  const headers = {
    accept: 'application/graphql-response+json, application/json;q=0.9',
    'graphql-preflight': '1',
    ...(attempt.method === 'POST' ? { 'content-type': 'application/json' } : {}),
  };
  const response = await request(url, {
    method: attempt.method,
    headers,
    dispatcher: agent,
    ...(attempt.method === 'POST' ? { body: attempt.payload } : {}),
  });
  return { status: response.statusCode, text: await response.body.text() };
}

async function ask<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await send({ method: 'POST', payload: JSON.stringify({ query: document, variables }), clientMistake: false });
  const result = JSON.parse(response.text) as { data?: T; errors?: unknown[] };
  if (result.errors || !result.data) throw new Error(`setup query failed: ${response.text}`);
  return result.data;
}

async function issue(): Promise<Issued> {
  type Posts = { id: string; posts: { edges: { cursor: string; node: { id: string; thread?: { id: string } } }[] } };
  const data = await ask<{ zuck: Posts; mosseri: Posts; carson: Posts }>(`{
    zuck: user(platform: THREADS, username: "zuck") { id posts(first: 4) { edges { cursor node { id thread { id } } } } }
    mosseri: user(platform: THREADS, username: "mosseri") { id posts(first: 2) { edges { cursor node { id thread { id } } } } }
    carson: user(platform: INSTAGRAM, username: "carsoncantcode") { id posts(first: 3) { edges { cursor node { id } } } }
  }`);
  const users = [data.zuck, data.mosseri, data.carson];
  const feed = await ask<{ feed: { pageInfo: { endCursor: string } } }>(
    `{ feed(authors: [{ platform: THREADS, username: "zuck" }, { platform: INSTAGRAM, username: "carsoncantcode" }], first: 3) { pageInfo { endCursor } } }`,
  );
  return {
    ids: users.flatMap((user) => [
      user.id,
      ...user.posts.edges.flatMap((edge) => [edge.node.id, ...(edge.node.thread ? [edge.node.thread.id] : [])]),
    ]),
    postCursors: users.flatMap((user) => user.posts.edges.map((edge) => edge.cursor)),
    feedCursors: [feed.feed.pageInfo.endCursor],
  };
}

/** A character of a valid value changed: still well-formed base64, no longer signed. */
const altered = (values: () => string[]) =>
  fc
    .tuple(fc.nat(), fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'))
    .map(([pick, position, character]) => {
      const all = values();
      const value = all[pick % all.length]!;
      const at = position % value.length;
      return value.slice(0, at) + character + value.slice(at + 1);
    });

const issuedId = fc.nat().map((pick) => issued.ids[pick % issued.ids.length]!);
const malformedId = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc
    .constantFrom(
      'User:THREADS:zuck',
      'User:MYSPACE:zuck',
      'Post:THREADS:abc@zuck',
      'Post:THREADS:1@../etc',
      'Thread:INSTAGRAM:',
      'Query:x',
      'Node:1',
      '__proto__:x',
    )
    .map(base64),
  fc.string({ maxLength: 30 }).map((text) => base64(`User:THREADS:${text}`)),
  fc
    .tuple(fc.constantFrom('User', 'Post', 'Thread'), fc.constantFrom('THREADS', 'INSTAGRAM'), fc.stringMatching(/^[a-z0-9._]{1,12}$/))
    .map(([type, platform, key]) => base64(`${type}:${platform}:${key}`)),
  altered(() => issued.ids),
);
/** Ids of objects no vendor has: each costs a vendor call that fails. */
const unknownId = fc.stringMatching(/^[a-z0-9_]{3,12}$/).map((name) => base64(`User:THREADS:nobody_${name}`));
const anyId = fc.oneof(issuedId, unknownId, malformedId);

const representation = fc.oneof(
  fc.record({ __typename: fc.constantFrom('User', 'Post', 'Thread'), id: anyId }),
  fc.record({ __typename: fc.constantFrom('Query', 'Nope', '_Entity', 'constructor', ''), id: anyId }),
  fc.record({ __typename: fc.constantFrom('User', 'Post') }),
  fc.record({
    __typename: fc.constantFrom('User', 'Post'),
    id: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 })),
  }),
  fc.jsonValue({ maxDepth: 2 }).filter((value) => value !== null),
);

const cursor = fc.oneof(
  fc.nat().map((pick) => issued.postCursors[pick % issued.postCursors.length]!),
  fc.nat().map((pick) => issued.feedCursors[pick % issued.feedCursors.length]!),
  fc.constant(''),
  altered(() => issued.postCursors),
  altered(() => issued.feedCursors),
  fc.base64String({ maxLength: 160 }),
  fc.string({ maxLength: 40 }),
);
const pageSize = fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: -3, max: 200 }), fc.constant(null));
const username = fc.oneof(
  fc.constantFrom('zuck', 'mosseri', 'hidden.account', 'quiet.account', 'nobody.at.all'),
  fc.string({ maxLength: 12 }),
);
const instagramName = fc.constantFrom('carsoncantcode', 'yifei_cc', 'hidden.insta', 'empty.insta', 'nobody.here');

const post = (document: string, variables: Record<string, unknown>, clientMistake = false): Attempt => ({
  method: 'POST',
  payload: JSON.stringify({ query: document, variables }),
  clientMistake,
});

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on User { username posts(first: 2) { edges { node { id } } } } ... on Post { text author { username } } ... on Thread { root { id } replies(first: 2) { edges { cursor } } } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on User { username } ... on Post { text thread { id } } } }`;

const attempt: fc.Arbitrary<Attempt> = fc.oneof(
  fc.array(representation, { maxLength: 8 }).map((representations) => post(ENTITIES, { r: representations })),
  fc.array(anyId, { maxLength: 8 }).map((ids) => post(NODES, { ids })),
  anyId.map((id) => post(`query($id: ID!) { node(id: $id) { id ... on Thread { replies(first: 3) { edges { cursor } } } } }`, { id })),
  fc
    .record({ name: username, first: pageSize, after: fc.option(cursor) })
    .map((variables) =>
      post(
        `query($name: String!, $first: Int, $after: String) { user(platform: THREADS, username: $name) { posts(first: $first, after: $after) { edges { cursor node { id } } pageInfo { endCursor } } } }`,
        variables,
      ),
    ),
  fc
    .record({ name: instagramName, last: pageSize, before: cursor })
    .map((variables) =>
      post(
        `query($name: String!, $last: Int, $before: String) { user(platform: INSTAGRAM, username: $name) { posts(last: $last, before: $before) { edges { cursor } } } }`,
        variables,
      ),
    ),
  fc
    .record({
      first: pageSize,
      after: fc.option(cursor),
      authors: fc.array(fc.record({ platform: fc.constantFrom('THREADS', 'INSTAGRAM'), username }), { minLength: 1, maxLength: 3 }),
    })
    .map((variables) =>
      post(
        `query($authors: [AuthorInput!]!, $first: Int, $after: String) { feed(authors: $authors, first: $first, after: $after) { edges { cursor } } }`,
        variables,
      ),
    ),
  fc.array(username, { minLength: 1, maxLength: 5 }).map((names) =>
    post(`query($names: [String!]!) { users(platform: THREADS, usernames: $names) { username posts(first: 2) { edges { cursor } } } }`, {
      names,
    }),
  ),
  fc
    .record({ id: issuedId, after: cursor })
    .map((variables) =>
      post(
        `query($id: ID!, $after: String) { node(id: $id) { ... on Thread { replies(first: 2, after: $after) { edges { cursor } } } ... on User { posts(first: 2, after: $after) { edges { cursor } } } } }`,
        variables,
      ),
    ),
  // Wrong in themselves: variables of the wrong type, operations this graph does not have, malformed GET parameters.
  fc
    .jsonValue({ maxDepth: 1 })
    .filter((value) => !Number.isInteger(value) && value !== null)
    .map((first) =>
      post(
        `query($first: Int) { providers { id } user(platform: THREADS, username: "zuck") { posts(first: $first) { edges { cursor } } } }`,
        { first },
        true,
      ),
    ),
  fc
    .jsonValue({ maxDepth: 1 })
    .filter((value) => typeof value !== 'string')
    .map((platform) => post(`query($p: Platform!) { user(platform: $p, username: "zuck") { id } }`, { p: platform }, true)),
  fc
    .constantFrom(
      'mutation { posts }',
      'subscription { feed { id } }',
      'mutation M($x: ID!) { _entities(representations: [$x]) { __typename } }',
    )
    .map((document) => post(document, {}, true)),
  fc.tuple(fc.constantFrom('variables', 'extensions'), fc.constantFrom('[', '{', '{"a":', 'nope', '%7B%22x%22')).map(
    ([name, value]): Attempt => ({
      method: 'GET',
      payload: `query=${encodeURIComponent('{ providers { id } }')}&${name}=${value}`,
      clientMistake: true,
    }),
  ),
);

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.constantFrom(500, 502, 503, 429, 401, 404).map((status): Fault => ({ kind: 'status', status, retryAfterSeconds: 60 })),
  fc.constantFrom<Fault>(
    { kind: 'truncated' },
    { kind: 'invalid-json' },
    { kind: 'wrong-shape' },
    { kind: 'hang' },
    { kind: 'oversized', bytes: 6 * 1024 * 1024, chunked: true },
  ),
);
const faults = fc.array(
  fc.record({ provider: fc.constantFrom(...PROVIDER_IDS), fault, times: fc.option(fc.integer({ min: 1, max: 30 })) }),
  { maxLength: 2 },
);

async function metric(name: string): Promise<number> {
  const response = await request(server.url.replace(/\/graphql$/, '/metrics'), { dispatcher: agent });
  const text = await response.body.text();
  const line = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  if (!line) throw new Error(`/metrics has no ${name}`);
  return Number(line[1]);
}

beforeAll(async () => {
  const env = Object.fromEntries(
    Object.entries(envFor(fakes, ['threads-graph', 'threads-web', 'sociavault', 'aisa', 'justoneapi'])).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  // Short timeouts and a quick half-open keep faulty batches (hung vendors, open circuits) fast.
  server = await startServerProcess({
    ...env,
    HOST: '127.0.0.1',
    UPSTREAM_TIMEOUT_MS: '300',
    UPSTREAM_RETRIES: '1',
    CIRCUIT_BREAKER_HALF_OPEN_MS: '200',
  });
  issued = await issue();
}, 60_000);

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await agent.close();
});

describe(`the server process under ${BATCHES * BATCH_SIZE} fuzzed requests with vendor faults`, () => {
  it('lives, never answers 5xx or INTERNAL_SERVER_ERROR, tells client mistakes as such, and leaves no rejection unhandled', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(attempt, { minLength: BATCH_SIZE, maxLength: BATCH_SIZE }), faults, async (batch, injected) => {
        for (const { provider, fault: kind, times } of injected) fakes.servers[provider].fault(kind, times ?? undefined);
        try {
          const answers = await Promise.all(batch.map(send));
          sent += batch.length;
          answers.forEach((answer, index) => {
            const what = `${batch[index]!.payload.slice(0, 600)} → ${answer.status} ${answer.text.slice(0, 1_500)}`;
            expect(answer.status, what).toBeLessThan(500);
            const result = JSON.parse(answer.text) as { errors?: { extensions?: { code?: string } }[] };
            const codes = (result.errors ?? []).map((error) => error.extensions?.code);
            expect(codes, what).not.toContain('INTERNAL_SERVER_ERROR');
            expect(
              codes.every((code) => typeof code === 'string'),
              `every error has a code: ${what}`,
            ).toBe(true);
            if (batch[index]!.clientMistake) {
              expect(answer.status, what).toBeGreaterThanOrEqual(400);
              expect(codes.length > 0 && codes.every((code) => CLIENT_CODES.has(code!)), what).toBe(true);
            }
          });
        } finally {
          for (const provider of PROVIDER_IDS) fakes.servers[provider].fault(null);
        }
      }),
      { numRuns: BATCHES, endOnFailure: true },
    );
    expect(sent).toBeGreaterThanOrEqual(5_000);
    expect(server.child.exitCode, server.output().slice(-2_000)).toBeNull();
    expect(await metric('feedgraph_unhandled_rejections_total')).toBe(0);
    expect(server.output()).not.toContain('unhandled promise rejection');
    const alive = await ask<{ providers: { id: string }[] }>(`{ providers { id } }`);
    expect(alive.providers).toHaveLength(PROVIDER_IDS.length);
  }, 300_000);
});
