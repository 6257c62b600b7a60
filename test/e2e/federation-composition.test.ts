import { createServer, type Server } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';
import { apolloGateway, closeServer, composeWithBoth, type Gateway, hiveGateway, listen, subgraphOf } from '../support/gateways.js';

const [zuck, mosseri] = threadsWorld().accounts;
const postId = (post: { id: string }, username: string) => encodeGlobalID('Post', `THREADS:${post.id}@${username}`);
const zuckId = encodeGlobalID('User', 'THREADS:zuck');

/** Another team's Relay-style subgraph: its own PageInfo (@shareable, as ours) and connections, over feedgraph's posts. */
const readingListsTypeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])
  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }
  type Post @key(fields: "id", resolvable: false) {
    id: ID!
  }
  type ReadingList {
    title: String!
    posts: ReadingListPostConnection!
  }
  type ReadingListPostConnection {
    edges: [ReadingListPostEdge!]!
    pageInfo: PageInfo!
  }
  type ReadingListPostEdge {
    cursor: String!
    node: Post!
  }
  type ReadingListConnection {
    edges: [ReadingListEdge!]!
    pageInfo: PageInfo!
  }
  type ReadingListEdge {
    cursor: String!
    node: ReadingList!
  }
  type Query {
    readingLists(first: Int): ReadingListConnection!
  }
`);

const edgesOf = <Node>(nodes: Node[]) => ({
  edges: nodes.map((node, index) => ({ cursor: String(index), node })),
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: '0', endCursor: String(nodes.length - 1) },
});
const READING_LIST = { title: 'Leadership', posts: [postId(mosseri!.posts[0]!, 'mosseri'), postId(zuck!.posts[1]!, 'zuck')] };

const readingListsSchema = buildSubgraphSchema({
  typeDefs: readingListsTypeDefs,
  resolvers: {
    Query: { readingLists: () => edgesOf([READING_LIST]) },
    ReadingList: { posts: (list: typeof READING_LIST) => edgesOf(list.posts.map((id) => ({ id }))) },
  },
});

/** The company's own `users` subgraph: it owns `User` and `Query.user(id:)`, and links employees to feedgraph's accounts. */
const usersTypeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
  type User @key(fields: "id") {
    id: ID!
    name: String!
    threadsAccount: SocialUser
  }
  type SocialUser @key(fields: "id") {
    id: ID!
    employee: User
  }
  type Query {
    user(id: ID!): User
  }
`);

const EMPLOYEES = [{ id: 'e1', name: 'Mark', threadsAccount: zuckId }];

const usersSchema = buildSubgraphSchema({
  typeDefs: usersTypeDefs,
  resolvers: {
    Query: { user: (_root: unknown, args: { id: string }) => EMPLOYEES.find((employee) => employee.id === args.id) ?? null },
    User: {
      __resolveReference: (user: { id: string }) => EMPLOYEES.find((employee) => employee.id === user.id) ?? null,
      threadsAccount: (employee: (typeof EMPLOYEES)[number]) => ({ id: employee.threadsAccount }),
    },
    SocialUser: {
      __resolveReference: (account: { id: string }) => account,
      employee: (account: { id: string }) => EMPLOYEES.find((employee) => employee.threadsAccount === account.id) ?? null,
    },
  },
});

const fakes = useFakeUpstreams();
let feedgraph: GraphServer;
let prefixedFeedgraph: GraphServer;
const servers: Server[] = [];

async function serve(schema: Parameters<typeof createYoga>[0]['schema']): Promise<string> {
  const server = createServer(createYoga({ schema, logging: false }));
  servers.push(server);
  return listen(server);
}

beforeAll(async () => {
  feedgraph = await GraphServer.start(envFor(fakes, ['threads-graph']));
  prefixedFeedgraph = await GraphServer.start(envFor(fakes, ['threads-graph'], { FEDERATION_PREFIX: 'Social' }));
});

afterAll(async () => {
  await Promise.all(servers.map(closeServer));
  await feedgraph?.close();
  await prefixedFeedgraph?.close();
});

const gateways = [
  { name: 'Hive Gateway on The Guild composition', start: (supergraphs: { theGuild: string }) => hiveGateway(supergraphs.theGuild) },
  { name: 'Apollo Gateway on Apollo composition', start: (supergraphs: { apollo: string }) => apolloGateway(supergraphs.apollo) },
];

/** A gateway started before the tests of a block and closed after them; read it inside the tests. */
function useGateway(start: () => Gateway | Promise<Gateway>): () => Gateway {
  let gateway: Gateway | undefined;
  beforeAll(async () => {
    gateway = await start();
  });
  afterAll(async () => {
    await gateway?.close();
  });
  return () => gateway!;
}

// Raw on purpose: these documents are written against composed supergraphs, not feedgraph's schema.
describe('feedgraph beside a Relay-style subgraph with its own PageInfo', () => {
  let supergraphs: { apollo: string; theGuild: string };
  beforeAll(async () => {
    const readingListsUrl = await serve(readingListsSchema);
    supergraphs = composeWithBoth([
      await subgraphOf('feedgraph', feedgraph.at('/subgraph').url),
      { name: 'reading-lists', url: readingListsUrl, typeDefs: readingListsTypeDefs },
    ]);
  });

  describe.each(gateways)('through $name', ({ start }) => {
    const gateway = useGateway(() => start(supergraphs));

    it('pages reading lists whose posts are read from feedgraph, each connection with its PageInfo', async () => {
      const result = await gateway().query(
        `{ readingLists(first: 5) { pageInfo { hasNextPage } edges { node { title posts { pageInfo { endCursor } edges { node { text author { username } } } } } } } }`,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        readingLists: {
          pageInfo: { hasNextPage: false },
          edges: [
            {
              node: {
                title: 'Leadership',
                posts: {
                  pageInfo: { endCursor: '1' },
                  edges: [
                    { node: { text: mosseri!.posts[0]!.text, author: { username: 'mosseri' } } },
                    { node: { text: zuck!.posts[1]!.text, author: { username: 'zuck' } } },
                  ],
                },
              },
            },
          ],
        },
      });
    });

    it("reads feedgraph's own connections and their PageInfo through the same supergraph", async () => {
      const result = await gateway().query(
        `{ user(platform: THREADS, username: "zuck") { posts(first: 2) { pageInfo { hasNextPage } } } }`,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ user: { posts: { pageInfo: { hasNextPage: true } } } });
    });
  });
});

describe('feedgraph with FEDERATION_PREFIX=Social beside a users subgraph that owns User and Query.user(id:)', () => {
  let supergraphs: { apollo: string; theGuild: string };
  beforeAll(async () => {
    const usersUrl = await serve(usersSchema);
    supergraphs = composeWithBoth([
      await subgraphOf('feedgraph', prefixedFeedgraph.at('/subgraph').url),
      { name: 'users', url: usersUrl, typeDefs: usersTypeDefs },
    ]);
  });

  it('does not compose without the prefix: both composers refuse the two Query.user fields', async () => {
    const unprefixed = await subgraphOf('feedgraph', feedgraph.at('/subgraph').url);
    expect(() => composeWithBoth([unprefixed, { name: 'users', url: 'http://users.test/graphql', typeDefs: usersTypeDefs }])).toThrow(
      /@apollo\/composition: Argument "Query.user\(platform:\)" is required(.|\n)*@theguild\/federation-composition: /,
    );
  });

  it('keeps User and Query.user for the users subgraph and puts feedgraph under SocialUser and socialUser', () => {
    for (const supergraph of Object.values(supergraphs)) {
      expect(supergraph).toMatch(/\n\s+user\(id: ID!\): User/);
      expect(supergraph).toMatch(/\n\s+socialUser\(/);
      expect(supergraph).toMatch(/type SocialPageInfo\b/);
    }
  });

  describe.each(gateways)('through $name', ({ start }) => {
    const gateway = useGateway(() => start(supergraphs));

    it("starts at the company's user and reads the employee's Threads account and posts from feedgraph", async () => {
      const result = await gateway().query(
        `{ user(id: "e1") { name threadsAccount { __typename username fullName posts(first: 1) { edges { node { text } } } } } }`,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        user: {
          name: 'Mark',
          threadsAccount: {
            __typename: 'SocialUser',
            username: 'zuck',
            fullName: 'Mark Zuckerberg',
            posts: { edges: [{ node: { text: zuck!.posts[0]!.text } }] },
          },
        },
      });
    });

    it('starts at feedgraph under its prefixed root field and reads the employee from the users subgraph', async () => {
      const result = await gateway().query(`{ socialUser(platform: THREADS, username: "zuck") { id employee { name } } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ socialUser: { id: zuckId, employee: { name: 'Mark' } } });
    });
  });
});
