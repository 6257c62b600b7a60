import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import type { FakeUpstreams } from '../../src/demo/index.js';
import { DuplicateFetchesQuery, UserFullNameAndPostIdsQuery, UsersAndPostAuthorQuery } from '../documents/batching.js';
import { UserNameQuery, UserPostIdsQuery, UsersFirstPostsQuery, UsersNamesQuery } from '../documents/users.js';
import { envFor, GraphServer, type QueryResult, withYoga, useFakeUpstreams } from '../support/graph-server.js';
import { present } from '../support/present.js';

const world = threadsWorld();
const mosseriPost = world.accounts[1]!.posts[0]!;
const fans = world.accounts.slice(4, 14).map((account) => account.user.username);

const fakes = useFakeUpstreams();

afterEach(() => {
  for (const server of Object.values(fakes.servers)) server.setLatency(0);
});

function pathsSince(server: keyof FakeUpstreams['servers'], before: number): string[] {
  return fakes.servers[server].requests.slice(before).map((request) => `${request.method} ${request.path}`);
}

describe('one upstream call per distinct fetch in a request', () => {
  let graph: GraphServer;

  beforeAll(async () => {
    graph = await GraphServer.inProcess(envFor(fakes, ['threads-graph']));
  });

  afterAll(async () => {
    await graph.close();
  });

  it('fetches the same posts page once for three aliases, two fragments and a nested author.posts', async () => {
    const before = fakes.servers['threads-graph'].requests.length;
    const result = await graph.query(DuplicateFetchesQuery);
    expect(result.errors).toBeUndefined();
    expect(pathsSince('threads-graph', before).sort()).toEqual(['GET /v1.0/profile_lookup', 'GET /v1.0/profile_posts']);
  });

  it("reads a user once whether asked by users(usernames:) or as a post's author", async () => {
    const before = fakes.servers['threads-graph'].requests.length;
    const result = await graph.query(UsersAndPostAuthorQuery, { usernames: ['mosseri', 'zuck', 'mosseri'], postId: mosseriPost.id });
    expect(result.errors).toBeUndefined();
    const calls = pathsSince('threads-graph', before);
    expect(calls.filter((call) => call === 'GET /v1.0/profile_lookup')).toHaveLength(2);
    expect(calls.filter((call) => call === `GET /v1.0/${mosseriPost.id}`)).toHaveLength(1);
    expect(calls).toHaveLength(3);
  });

  it('runs independent fetches concurrently: ten users and their posts are all in flight at once', async () => {
    const upstream = fakes.servers['threads-graph'];
    // Long enough that a busy machine still starts all twenty before the first answers.
    upstream.setLatency(250);
    upstream.resetStats();
    const result = await graph.query(UsersFirstPostsQuery, { platform: 'THREADS', usernames: fans });
    expect(result.errors).toBeUndefined();
    const users = present(result.data?.users, 'the users');
    expect(users.map((user) => user?.username)).toEqual(fans);
    expect(users.every((user) => user?.posts?.edges.length === 5)).toBe(true);
    // Ten profiles and ten first pages: twenty calls, every one of them started before any answered.
    expect(upstream.requests).toHaveLength(20);
    expect(upstream.maxInFlight).toBe(20);
  });
});

describe('the per-provider concurrency cap', () => {
  it('keeps at most PROVIDER_CONCURRENCY calls in flight to one vendor and queues the rest', async () => {
    const upstream = fakes.servers['threads-graph'];
    await withYoga(envFor(fakes, ['threads-graph'], { PROVIDER_CONCURRENCY: '4' }), async (graph) => {
      upstream.setLatency(20);
      upstream.resetStats();
      const result = await graph.query(UsersNamesQuery, { platform: 'THREADS', usernames: fans });
      expect(result.errors).toBeUndefined();
      expect(upstream.requests).toHaveLength(10);
      expect(upstream.maxInFlight).toBe(4);
    });
  });

  it('lets twenty clients asking for ten users each have all 200 calls in flight at once by default', async () => {
    const upstream = fakes.servers['threads-graph'];
    await withYoga(envFor(fakes, ['threads-graph']), async (graph) => {
      // Long enough that a busy machine still starts all 200 before the first answers.
      upstream.setLatency(500);
      upstream.resetStats();
      // 200 different accounts: equal requests in flight would share one call. The fake has 14, so the others are
      // answered "not found", each after its own call.
      const usernamesOf = (client: number) => Array.from({ length: 10 }, (_, user) => `nobody.${client}.${user}`);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, client) => graph.query(UsersNamesQuery, { platform: 'THREADS', usernames: usernamesOf(client) })),
      );
      const codes = new Set(results.flatMap((result) => (result.errors ?? []).map((error) => error.extensions?.code)));
      expect([...codes]).toEqual(['NOT_FOUND']);
      expect(upstream.requests).toHaveLength(200);
      expect(upstream.maxInFlight).toBe(200);
    });
  });
});

describe('the cross-request cache', () => {
  let graph: GraphServer;

  beforeAll(async () => {
    graph = await GraphServer.inProcess(envFor(fakes, ['aisa', 'threads-graph'], { UPSTREAM_CACHE: 'on' }));
  });

  afterAll(async () => {
    await graph.close();
  });

  it('serves a repeated query without calling the vendor again', async () => {
    const variables = { platform: 'INSTAGRAM', username: 'yifei_cc', first: 3 } as const;
    const before = fakes.servers.aisa.requests.length;
    const first = await graph.query(UserFullNameAndPostIdsQuery, variables);
    const second = await graph.query(UserFullNameAndPostIdsQuery, variables);
    expect(second.data).toEqual(first.data);
    expect(pathsSince('aisa', before)).toHaveLength(1);
  });

  it('keeps the native page a cursor points into, so walking 45 posts five at a time reads each 12-post page once', async () => {
    const before = fakes.servers.aisa.requests.length;
    let after: string | null = null;
    let seen = 0;
    for (let page = 0; page < 20; page += 1) {
      const result: QueryResult<typeof UserPostIdsQuery> = await graph.query(UserPostIdsQuery, {
        platform: 'INSTAGRAM',
        username: 'carsoncantcode',
        first: 5,
        after,
      });
      const posts = present(result.data?.user?.posts, "carsoncantcode's posts");
      seen += posts.edges.length;
      if (!posts.pageInfo.hasNextPage) break;
      after = posts.pageInfo.endCursor;
    }
    expect(seen).toBe(45);
    expect(pathsSince('aisa', before)).toHaveLength(4);
  });

  it('never keeps an error: the next request asks the vendor again', async () => {
    const upstream = fakes.servers['threads-graph'];
    upstream.override(() => ({ status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } } }));
    const variables = { platform: 'THREADS', username: 'quiet.account' } as const;
    const failed = await graph.query(UserNameQuery, variables);
    expect(failed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    upstream.override(null);
    const before = upstream.requests.length;
    const healthy = await graph.query(UserNameQuery, variables);
    expect(healthy.data).toEqual({ user: { username: 'quiet.account' } });
    expect(upstream.requests.length - before).toBe(1);
  });

  it('scopes entries by credential: the same provider with another key gets another scope', async () => {
    const other = await GraphServer.inProcess(envFor(fakes, ['aisa'], { UPSTREAM_CACHE: 'on', AISA_API_KEY: 'another-aisa-key' }));
    try {
      expect(graph.app.registry.cacheScopeOf('aisa')).not.toBe(other.app.registry.cacheScopeOf('aisa'));
      expect(graph.app.registry.cacheScopeOf('aisa')).not.toContain('demo-aisa-key');
    } finally {
      await other.close();
    }
  });

  it('is off with UPSTREAM_CACHE=off', async () => {
    const uncached = await GraphServer.inProcess(envFor(fakes, ['aisa']));
    try {
      expect(uncached.app.cache).toBeNull();
      const before = fakes.servers.aisa.requests.length;
      await uncached.query(UserNameQuery, { platform: 'INSTAGRAM', username: 'yifei_cc' });
      await uncached.query(UserNameQuery, { platform: 'INSTAGRAM', username: 'yifei_cc' });
      expect(pathsSince('aisa', before)).toHaveLength(2);
    } finally {
      await uncached.close();
    }
  });
});
