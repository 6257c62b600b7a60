import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import { printedSubgraphSchema } from '../../src/tools/print-schema.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const world = threadsWorld();
const zuckPost = world.accounts[0]!.posts[1]!;
const mosseriPost = world.accounts[1]!.posts[0]!;
const zuckId = encodeGlobalID('User', 'THREADS:zuck');
const BOOKMARKS = [
  { id: 'b1', owner: zuckId, post: encodeGlobalID('Post', `THREADS:${mosseriPost.id}`), note: 'read later' },
  { id: 'b2', owner: zuckId, post: encodeGlobalID('Post', `THREADS:${zuckPost.id}`), note: 'share with the team' },
];

/** A second, small subgraph: bookmarks that reference feedgraph's Post by id and extend its User. */
const bookmarksTypeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@external", "@requires"])
  type Post @key(fields: "id", resolvable: false) {
    id: ID!
  }
  type User @key(fields: "id") {
    id: ID!
    bookmarks: [Bookmark!]!
    username: String! @external
    platform: Platform! @external
    mention: String! @requires(fields: "username platform")
  }
  enum Platform {
    THREADS
    INSTAGRAM
  }
  type Bookmark {
    id: ID!
    note: String!
    post: Post!
  }
  type Query {
    bookmarks: [Bookmark!]!
  }
`);

const bookmarksSchema = buildSubgraphSchema({
  typeDefs: bookmarksTypeDefs,
  resolvers: {
    Query: { bookmarks: () => BOOKMARKS },
    Bookmark: { post: (bookmark: (typeof BOOKMARKS)[number]) => ({ id: bookmark.post }) },
    User: {
      __resolveReference: (user: { id: string }) => user,
      bookmarks: (user: { id: string }) => BOOKMARKS.filter((bookmark) => bookmark.owner === user.id),
      mention: (user: { username: string; platform: string }) => `@${user.username} on ${user.platform.toLowerCase()}`,
    },
  },
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

const fakes = useFakeUpstreams();
let feedgraph: GraphServer;
let bookmarksServer: Server;
let gateway: ReturnType<typeof createGatewayRuntime>;

beforeAll(async () => {
  feedgraph = await GraphServer.start(envFor(fakes, ['threads-graph']));
  bookmarksServer = createServer(createYoga({ schema: bookmarksSchema, logging: false }));
  const bookmarksUrl = await listen(bookmarksServer);
  // Composed from feedgraph's committed subgraph SDL, as a platform team would, with a real composition library.
  const composition = composeServices([
    { name: 'feedgraph', typeDefs: parse(printedSubgraphSchema()), url: feedgraph.at('/subgraph').url },
    { name: 'bookmarks', typeDefs: bookmarksTypeDefs, url: bookmarksUrl },
  ]);
  if (composition.errors?.length) throw new Error(composition.errors.map((error) => error.message).join('\n'));
  if (!composition.supergraphSdl) throw new Error('composition produced no supergraph');
  // Unmasked, so a failure shows the subgraph error instead of "Unexpected error."
  gateway = createGatewayRuntime({ supergraph: composition.supergraphSdl, logging: false, maskedErrors: false });
});

afterAll(async () => {
  await gateway?.dispose();
  bookmarksServer?.close();
  await feedgraph?.close();
});

async function throughGateway(query: string) {
  const response = await gateway.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

// Raw on purpose: these documents are written against the composed supergraph or the subgraph's _service, not feedgraph's schema.
describe('feedgraph as a Federation v2 subgraph behind Hive Gateway', () => {
  it('answers a query that starts in the bookmarks subgraph and resolves Post entities in feedgraph', async () => {
    const result = await throughGateway(`{ bookmarks { note post { nativeId text author { username } } } }`);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(result.data).toEqual({
      bookmarks: [
        { note: 'read later', post: { nativeId: mosseriPost.id, text: mosseriPost.text, author: { username: 'mosseri' } } },
        { note: 'share with the team', post: { nativeId: zuckPost.id, text: zuckPost.text, author: { username: 'zuck' } } },
      ],
    });
  });

  it('answers a query that starts in feedgraph and reads the User extension from the bookmarks subgraph', async () => {
    const result = await throughGateway(`{ user(platform: THREADS, username: "zuck") { id fullName bookmarks { note } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      user: { id: zuckId, fullName: 'Mark Zuckerberg', bookmarks: [{ note: 'read later' }, { note: 'share with the team' }] },
    });
  });

  it('gives a field that @requires username and platform what feedgraph resolves from the key alone', async () => {
    const result = await throughGateway(`{ bookmarks { post { author { mention } } } }`);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(result.data).toEqual({
      bookmarks: [{ post: { author: { mention: '@mosseri on threads' } } }, { post: { author: { mention: '@zuck on threads' } } }],
    });
  });

  it('serves its subgraph SDL on _service at /subgraph', async () => {
    const result = await feedgraph.at('/subgraph').query(`{ _service { sdl } }`);
    expect((result.data as { _service: { sdl: string } })._service.sdl).toContain('@key(fields: "id")');
  });
});
