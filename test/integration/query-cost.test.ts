import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instagramWorld, threadsWorld } from '../../fixtures/generate/canonical.js';
import { MAX_OBJECTS_BY_ID } from '../../src/builder.js';
import { MAX_REQUEST_BODY_BYTES } from '../../src/yoga.js';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { FeedCursorsQuery } from '../documents/feed.js';
import { NodesUserPostTextsQuery } from '../documents/nodes.js';
import { NodeIdsQuery } from '../documents/graph-features.js';
import { UsersIdsQuery } from '../documents/users.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const fakes = useFakeUpstreams();
let graph: GraphServer;

const upstreamCalls = () => Object.values(fakes.servers).reduce((total, server) => total + server.requestCount, 0);
const base64 = (text: string) => Buffer.from(text).toString('base64');
const userId = (username: string) => base64(`User:THREADS:${username}`);
const zuckPostIds = threadsWorld().accounts[0]!.posts.map((post) => base64(`Post:THREADS:${post.id}@zuck`));
const carsonPostIds = instagramWorld().accounts[0]!.posts.map((post) => base64(`Post:INSTAGRAM:${post.id}@carsoncantcode`));

// Raw on purpose: _entities is in the subgraph schema only (served on /subgraph), which codegen does not type.
const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { username } } }`;

/** `count` entries: the first `realCount` real ones, the rest as short as an entry can be written (a request body holds 100 kB). */
function filled<T>(count: number, realCount: number, real: (index: number) => T, short: T): T[] {
  return Array.from({ length: count }, (_, index) => (index < realCount ? real(index) : short));
}

beforeAll(async () => {
  graph = await GraphServer.start(envFor(fakes, ['threads-graph', 'threads-web', 'aisa']));
});

afterAll(async () => {
  await graph.close();
});

async function expectRefusedByCost<Result, Variables>(
  document: TypedDocumentNode<Result, Variables> | string,
  variables: Variables,
  target: GraphServer = graph,
) {
  const body = JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables });
  // The request must reach the cost limit, not be stopped earlier by the body limit.
  expect(body.length).toBeLessThan(MAX_REQUEST_BODY_BYTES);
  const before = upstreamCalls();
  const result = await target.query(document, variables);
  expect(result.status).toBe(400);
  expect(result.data).toBeUndefined();
  expect(result.errors).toEqual([
    expect.objectContaining({
      message: expect.stringMatching(/^Query too costly: complexity \d+ exceeds the limit of 5000\.$/),
      extensions: { code: 'BAD_USER_INPUT', limit: 'complexity' },
    }),
  ]);
  expect(upstreamCalls()).toBe(before);
}

describe('lists of objects by id are priced by their length before anything runs', () => {
  it('refuses nodes with 5,000 ids by the cost limit with no vendor call', async () => {
    await expectRefusedByCost(NodeIdsQuery, { ids: filled(5_000, 2_500, (index) => userId(`fan${index}`), '1') });
  });

  it('refuses _entities with 5,000 representations by the cost limit with no vendor call', async () => {
    const representations = filled<object>(5_000, 1_400, (index) => ({ __typename: 'User', id: userId(`fan${index}`) }), {});
    await expectRefusedByCost(ENTITIES, { representations }, graph.at('/subgraph'));
  });

  it('refuses an over-limit _entities beside a cheap field without calling any vendor for either', async () => {
    const representations = Array.from({ length: 90 }, () => ({ __typename: 'Post', id: zuckPostIds[0] }));
    await expectRefusedByCost(
      `query($representations: [_Any!]!) { providers { id } user(platform: THREADS, username: "zuck") { id } _entities(representations: $representations) { __typename } }`,
      { representations },
      graph.at('/subgraph'),
    );
  });

  it('prices each id at the reads it may take: a post its own read and 5 timeline pages, a user one read', async () => {
    // 84 posts at 60 each pass the limit of 5,000; 84 users at 10 each do not come near it.
    const posts = carsonPostIds.concat(carsonPostIds).slice(0, 84);
    await expectRefusedByCost(NodeIdsQuery, { ids: posts });
    const users = await graph.query(NodeIdsQuery, {
      ids: Array.from({ length: 84 }, (_, index) => userId(index % 2 === 0 ? 'zuck' : 'mosseri')),
    });
    expect(users.data?.nodes).toHaveLength(84);
    expect(users.data?.nodes.every((node) => node !== null)).toBe(true);
  });

  it('prices the selection under each id once per id', async () => {
    // 10 for the user and 50 for its first 20 posts, 90 times.
    const ids = Array.from({ length: 90 }, (_, index) => userId(`threads.fan${(index % 10) + 1}`));
    await expectRefusedByCost(NodesUserPostTextsQuery, { ids });
  });

  it(`refuses more than ${MAX_OBJECTS_BY_ID} cheap ids or representations with BAD_USER_INPUT before any vendor call`, async () => {
    const before = upstreamCalls();
    const nodes = await graph.query(NodeIdsQuery, { ids: Array.from({ length: MAX_OBJECTS_BY_ID + 1 }, () => userId('zuck')) });
    expect(nodes.errors).toEqual([
      expect.objectContaining({
        message: `"ids" takes at most ${MAX_OBJECTS_BY_ID} ids; got ${MAX_OBJECTS_BY_ID + 1}.`,
        extensions: { code: 'BAD_USER_INPUT', argument: 'ids' },
      }),
    ]);
    const entities = await graph.at('/subgraph').query(ENTITIES, {
      representations: Array.from({ length: MAX_OBJECTS_BY_ID + 1 }, () => ({ __typename: 'User', id: userId('zuck') })),
    });
    expect(entities.errors).toEqual([
      expect.objectContaining({
        message: `"representations" takes at most ${MAX_OBJECTS_BY_ID} entries; got ${MAX_OBJECTS_BY_ID + 1}.`,
        extensions: { code: 'BAD_USER_INPUT', argument: 'representations' },
      }),
    ]);
    expect(upstreamCalls()).toBe(before);
  });

  it('refuses more than 50 usernames and more than 20 feed authors before any vendor call', async () => {
    const before = upstreamCalls();
    const users = await graph.query(UsersIdsQuery, {
      platform: 'THREADS',
      usernames: Array.from({ length: 51 }, (_, index) => `fan${index}`),
    });
    expect(users.errors?.[0]).toMatchObject({
      message: expect.stringContaining('at most 50 usernames'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const feed = await graph.query(FeedCursorsQuery, {
      authors: Array.from({ length: 21 }, (_, index) => ({ platform: 'THREADS' as const, username: `fan${index}` })),
    });
    expect(feed.errors?.[0]).toMatchObject({
      message: expect.stringContaining('at most 20 authors'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(upstreamCalls()).toBe(before);
  });

  it('measures the operation the request names, not the first one in the document', async () => {
    const before = upstreamCalls();
    // Raw on purpose: two operations in one document, to choose one by operationName.
    const document = `query Cheap { providers { id } } query Costly($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    const response = await graph.post(
      JSON.stringify({
        query: document,
        operationName: 'Costly',
        variables: { ids: Array.from({ length: 90 }, (_, index) => zuckPostIds[index % zuckPostIds.length]) },
      }),
      { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'complexity' });
    expect(upstreamCalls()).toBe(before);
  });
});

// Raw on purpose: the documents are built with as many aliases as the price they probe needs.
describe('connections are priced by the native pages they may read', () => {
  const aliases = (count: number, first: number) =>
    `{ ${Array.from({ length: count }, (_, index) => `u${index}: user(platform: INSTAGRAM, username: "carsoncantcode") { posts(first: ${first}) { edges { cursor } } }`).join(' ')} }`;

  it('refuses 25 aliases of posts(first: 100), eleven native pages each at most, with no vendor call', async () => {
    // Each: the user's read, 11 page reads and 100 cursors (10 + 110 + 100 = 220); 25 of them pass 5,000 (at one call a connection, they cost 3,000 and ran).
    await expectRefusedByCost(aliases(25, 100), {});
  });

  it('lets the same query with first: 5 run: one page and a resumed one each', async () => {
    const result = await graph.query(aliases(25, 5));
    expect(result.errors).toBeUndefined();
  });
});
