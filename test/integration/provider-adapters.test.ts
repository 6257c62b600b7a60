import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instagramWorld, threadsWorld } from '../../fixtures/generate/canonical.js';
import type { RecordedRequest } from '../../src/demo/fake-server.js';
import { UserPostsQuery } from '../documents/queries.js';
import { DEMO_CREDENTIALS, envFor, GraphServer, type QueryResult, useFakeUpstreams } from '../support/graph-server.js';
import { type ProviderSetup, setup } from '../support/setups.js';

interface Case extends ProviderSetup {
  expectedIds: string[];
  /** The secret that must never leak. */
  secret: string | null;
  wrongCredential: Record<string, string> | null;
  assertFirstRequest(requests: RecordedRequest[]): void;
}

const zuckPosts = threadsWorld().accounts[0]!.posts.map((post) => post.id);
const carsonPosts = instagramWorld().accounts[0]!.posts.map((post) => post.id);

const CASES: Case[] = [
  {
    ...setup('threads-graph'),
    expectedIds: zuckPosts,
    secret: DEMO_CREDENTIALS.threadsGraphAccessToken,
    wrongCredential: { THREADS_GRAPH_ACCESS_TOKEN: 'wrong-graph-token-123' },
    assertFirstRequest(requests) {
      const call = requests.find((request) => request.path === '/v1.0/profile_posts');
      expect(call?.method).toBe('GET');
      expect(call?.query).toMatchObject({ username: 'zuck', limit: '25', access_token: DEMO_CREDENTIALS.threadsGraphAccessToken });
      expect(call?.query.fields?.split(',')).toEqual(
        expect.arrayContaining(['id', 'text', 'timestamp', 'media_type', 'shortcode', 'permalink', 'quoted_post', 'reposted_post']),
      );
      expect(call?.query.after).toBeUndefined();
    },
  },
  {
    ...setup('sociavault'),
    expectedIds: zuckPosts.slice(0, 30),
    secret: DEMO_CREDENTIALS.sociavaultApiKey,
    wrongCredential: { SOCIAVAULT_API_KEY: 'sk_live_wrong_key_123' },
    assertFirstRequest(requests) {
      expect(requests[0]).toMatchObject({ method: 'GET', path: '/v1/scrape/threads/user-posts', query: { handle: 'zuck' } });
      expect(requests[0]?.headers['x-api-key']).toBe(DEMO_CREDENTIALS.sociavaultApiKey);
    },
  },
  {
    ...setup('aisa'),
    expectedIds: carsonPosts,
    secret: DEMO_CREDENTIALS.aisaApiKey,
    wrongCredential: { AISA_API_KEY: 'wrong-aisa-key-123' },
    assertFirstRequest(requests) {
      expect(requests[0]).toMatchObject({ method: 'GET', path: '/instagram/user/posts', query: { handle: 'carsoncantcode' } });
      expect(requests[0]?.headers.authorization).toBe(`Bearer ${DEMO_CREDENTIALS.aisaApiKey}`);
      expect(requests[1]?.query.next_max_id).toBe(`${carsonPosts[12]}_59042353222`);
    },
  },
  {
    ...setup('justoneapi'),
    expectedIds: carsonPosts,
    secret: DEMO_CREDENTIALS.justoneapiToken,
    wrongCredential: { JUSTONEAPI_TOKEN: 'wrong-justone-token-123' },
    assertFirstRequest(requests) {
      expect(requests[0]).toMatchObject({
        method: 'GET',
        path: '/api/instagram/get-user-posts/v1',
        query: { token: DEMO_CREDENTIALS.justoneapiToken, username: 'carsoncantcode', paginationToken: '' },
      });
      expect(requests[1]?.query.paginationToken).not.toBe('');
    },
  },
  {
    ...setup('threads-web'),
    expectedIds: zuckPosts,
    secret: DEMO_CREDENTIALS.threadsWebToken,
    wrongCredential: { THREADS_WEB_TOKEN: 'wrong-web-token-123' },
    assertFirstRequest(requests) {
      expect(requests[0]).toMatchObject({ method: 'GET', path: '/@zuck' });
      const feed = requests.find((request) => request.path === '/api/v1/text_feed/314216/profile/');
      expect(feed?.headers.authorization).toBe(`Bearer IGT:2:${DEMO_CREDENTIALS.threadsWebToken}`);
      expect(feed?.headers['user-agent']).toMatch(/^Barcelona /);
    },
  },
  {
    ...setup('threads-web-public'),
    expectedIds: zuckPosts,
    secret: null,
    wrongCredential: null,
    assertFirstRequest(requests) {
      const graphql = requests.find((request) => request.path === '/api/graphql' && request.form.doc_id === '6232751443445612');
      expect(graphql?.method).toBe('POST');
      expect(JSON.parse(graphql?.form.variables ?? '{}')).toEqual({ userID: '314216' });
      expect(graphql?.form.lsd).toBeTruthy();
      expect(graphql?.headers['x-fb-lsd']).toBe(graphql?.form.lsd);
      expect(graphql?.headers['x-ig-app-id']).toBe('238260118697367');
    },
  },
];

const fakes = useFakeUpstreams();

describe.each(CASES)('$id adapter over real HTTP', (testCase) => {
  let graph: GraphServer;
  const fake = () => fakes.servers[testCase.server];

  beforeAll(async () => {
    graph = await GraphServer.inProcess(envFor(fakes, [testCase.id]));
  });

  afterAll(async () => {
    await graph.close();
  });

  afterEach(() => {
    fake().override(null);
  });

  it(`answers user { posts } with ${testCase.username}'s newest posts in order, and sends the vendor's path, query and auth`, async () => {
    const before = fake().requests.length;
    const result = await graph.query(UserPostsQuery, { platform: testCase.platform, username: testCase.username, first: 20 });
    expect(result.errors).toBeUndefined();
    const user = result.data?.user;
    expect(user?.username).toBe(testCase.username);
    expect(user?.source).toBe(testCase.id === 'threads-web-public' ? 'threads-web' : testCase.id);
    const ids = user?.posts?.edges.map((edge) => edge.node.nativeId);
    expect(ids).toEqual(testCase.expectedIds.slice(0, 20));
    for (const edge of user?.posts?.edges ?? []) {
      expect(edge.node.author.username).toBe(testCase.username);
      expect(Date.parse(edge.node.createdAt)).toBeGreaterThan(Date.parse('2020-01-01'));
    }
    testCase.assertFirstRequest(fake().requests.slice(before));
  });

  it('pages through every post exactly once with first=7, never showing a vendor token in a cursor', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const result: QueryResult<typeof UserPostsQuery> = await graph.query(UserPostsQuery, {
        platform: testCase.platform,
        username: testCase.username,
        first: 7,
        after,
      });
      expect(result.errors).toBeUndefined();
      const posts = result.data!.user!.posts!;
      seen.push(...posts.edges.map((edge) => edge.node.nativeId));
      for (const edge of posts.edges)
        expect(Buffer.from(edge.cursor, 'base64url').toString('latin1')).not.toMatch(/cursor|after|ig-user-posts|profile:/);
      expect(posts.pageInfo.endCursor).toBe(posts.edges.at(-1)?.cursor ?? null);
      if (!posts.pageInfo.hasNextPage) break;
      after = posts.pageInfo.endCursor ?? null;
    }
    expect(seen).toEqual(testCase.expectedIds);
  });

  const wrongCredential = testCase.wrongCredential;
  // The anonymous web endpoints take no credential, so they have no such case.
  if (wrongCredential)
    it('reports a wrong credential as UNAUTHENTICATED naming the provider, without the secret', async () => {
      const wrong = await GraphServer.inProcess(envFor(fakes, [testCase.id], wrongCredential));
      try {
        const result = await wrong.query(UserPostsQuery, { platform: testCase.platform, username: testCase.username, first: 3 });
        expect(result.data?.user ?? null).toBeNull();
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: testCase.server });
        expect(result.errors?.[0]?.message).toContain(testCase.server);
        for (const secret of Object.values(wrongCredential)) expect(result.text).not.toContain(secret);
        if (testCase.secret) expect(result.text).not.toContain(testCase.secret);
      } finally {
        await wrong.close();
      }
    });

  it('turns a malformed vendor payload into UPSTREAM_BAD_RESPONSE instead of crashing', async () => {
    fake().override(() => ({
      status: 200,
      body:
        testCase.server === 'threads-web'
          ? '<html>LSD nothing here</html>'
          : { data: 'not what the vendor documents', items: 42, code: 0, posts: 'x' },
    }));
    const result = await graph.query(UserPostsQuery, { platform: testCase.platform, username: testCase.username, first: 3 });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: expect.stringMatching(/UPSTREAM_BAD_RESPONSE|NOT_FOUND/),
      provider: testCase.server,
    });
    fake().override(null);
    const healthy = await graph.query(UserPostsQuery, { platform: testCase.platform, username: testCase.username, first: 1 });
    expect(healthy.errors).toBeUndefined();
  });
});
