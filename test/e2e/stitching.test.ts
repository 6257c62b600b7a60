import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { stitchSchemas } from '@graphql-tools/stitch';
import { schemaFromExecutor } from '@graphql-tools/wrap';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { graphql, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const post = threadsWorld().accounts[1]!.posts[0]!;
const postId = encodeGlobalID('Post', `THREADS:${post.id}@${post.author.username}`);
const NOTES: Record<string, string[]> = { [postId]: ['follow up', 'quote in newsletter'] };

/** Another team's schema: editorial notes on posts, keyed by feedgraph's global Post id. */
const notesSchema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    type Post {
      id: ID!
      notes: [String!]!
    }
    type Query {
      postsWithNotes: [Post!]!
      notedPosts(ids: [ID!]!): [Post]!
    }
  `,
  resolvers: {
    Query: {
      postsWithNotes: () => Object.keys(NOTES).map((id) => ({ id })),
      notedPosts: (_root: unknown, args: { ids: string[] }) => args.ids.map((id) => ({ id })),
    },
    Post: { notes: (parent: { id: string }) => NOTES[parent.id] ?? [] },
  },
});

const fakes = useFakeUpstreams();
let feedgraph: GraphServer;
let stitched: GraphQLSchema;

beforeAll(async () => {
  feedgraph = await GraphServer.start(envFor(fakes, ['threads-graph']));
  const executor = buildHTTPExecutor({ endpoint: feedgraph.url });
  stitched = stitchSchemas({
    subschemas: [
      {
        schema: await schemaFromExecutor(executor),
        executor,
        // Type merging through feedgraph's Relay `node` field: any Post id resolves, whichever provider serves it.
        merge: { Post: { selectionSet: '{ id }', fieldName: 'node', args: (original: { id: string }) => ({ id: original.id }) } },
      },
      {
        schema: notesSchema,
        merge: {
          Post: {
            selectionSet: '{ id }',
            fieldName: 'notedPosts',
            key: (original: { id: string }) => original.id,
            argsFromKeys: (ids: readonly string[]) => ({ ids }),
          },
        },
      },
    ],
  });
});

afterAll(async () => {
  await feedgraph?.close();
});

// Raw on purpose: these documents are written against the stitched schema, not feedgraph's.
describe('feedgraph stitched with another schema (@graphql-tools/stitch, type merging on Post)', () => {
  it('answers a query that starts in the notes schema and reads the posts from feedgraph', async () => {
    const result = await graphql({ schema: stitched, source: `{ postsWithNotes { notes text author { username } } }` });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      postsWithNotes: [{ notes: ['follow up', 'quote in newsletter'], text: post.text, author: { username: 'mosseri' } }],
    });
  });

  it('answers a query that starts in feedgraph and reads the notes from the other schema', async () => {
    const result = await graphql({
      schema: stitched,
      source: `{ user(platform: THREADS, username: "mosseri") { posts(first: 2) { edges { node { text notes } } } } }`,
    });
    expect(result.errors).toBeUndefined();
    const edges = (result.data as { user: { posts: { edges: { node: { text: string; notes: string[] } }[] } } }).user.posts.edges;
    expect(edges[0]?.node).toEqual({ text: post.text, notes: ['follow up', 'quote in newsletter'] });
    expect(edges[1]?.node.notes).toEqual([]);
  });
});
