import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { Client, fetchExchange } from '@urql/core';
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instagramWorld, threadsWorld } from '../../fixtures/generate/canonical.js';
import { PostsPageQuery, UserProfileQuery } from '../documents/queries.js';
import type { PostsPageQuery as PostsPage } from '../generated/graphql.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const zuckPosts = threadsWorld().accounts[0]!.posts.map((post) => post.id);
const carsonPosts = instagramWorld().accounts[0]!.posts.map((post) => post.id);

const fakes = useFakeUpstreams();
let graph: GraphServer;

beforeAll(async () => {
  graph = await GraphServer.start(envFor(fakes, ['threads-graph', 'aisa']));
});

afterAll(async () => {
  await graph?.close();
});

describe('graphql-request with the typed documents from codegen', () => {
  it('reads a profile and pages through every post with cursors', async () => {
    const client = new GraphQLClient(graph.url);
    const profile = await client.request(UserProfileQuery, { platform: 'THREADS', username: 'zuck' });
    expect(profile.user?.followerCount).toBe(5_123_456_789);
    const seen: string[] = [];
    let after: string | null | undefined = null;
    for (let page = 0; page < 20; page += 1) {
      const result: PostsPage = await client.request(PostsPageQuery, {
        platform: 'INSTAGRAM',
        username: 'carsoncantcode',
        first: 10,
        after,
      });
      const posts = result.user?.posts;
      seen.push(...(posts?.edges.map((edge) => edge.node.nativeId) ?? []));
      if (!posts?.pageInfo.hasNextPage) break;
      after = posts.pageInfo.endCursor;
    }
    expect(seen).toEqual(carsonPosts);
  });

  it("surfaces typed errors as the client's own ClientError with extensions.code", async () => {
    const client = new GraphQLClient(graph.url);
    await expect(client.request(PostsPageQuery, { platform: 'THREADS', username: 'zuck', first: 0 })).rejects.toMatchObject({
      response: { errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })] },
    });
  });
});

describe('urql with Graphcache and its relayPagination helper', () => {
  it('merges pages fetched with successive cursors into one connection in the normalized cache', async () => {
    const client = new Client({
      url: graph.url,
      // urql sends queries as GET; the header is how a client passes feedgraph's CSRF prevention.
      fetchOptions: { headers: { 'graphql-preflight': '1' } },
      exchanges: [
        cacheExchange({
          resolvers: { User: { posts: relayPagination() } },
          keys: { PageInfo: () => null, PostEdge: () => null },
        }),
        fetchExchange,
      ],
    });
    let after: string | null | undefined = null;
    let merged: string[] = [];
    for (let page = 0; page < 10; page += 1) {
      const result: { data?: PostsPage | undefined; error?: unknown } = await client
        .query(PostsPageQuery, { platform: 'THREADS', username: 'zuck', first: 8, after })
        .toPromise();
      expect(result.error).toBeUndefined();
      const posts = result.data?.user?.posts;
      merged = posts?.edges.map((edge) => edge.node.nativeId) ?? [];
      if (!posts?.pageInfo.hasNextPage) break;
      after = posts.pageInfo.endCursor;
    }
    // relayPagination hands back the whole list read so far, so the last answer holds every post once.
    expect(merged).toEqual(zuckPosts);
  });
});
