import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUpstreams } from '../../src/demo/index.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { SETUPS } from '../support/setups.js';

const fakes = useFakeUpstreams();
const haveRedis = redisServerAvailable();

afterEach(() => {
  for (const server of Object.values(fakes.servers)) server.setLatency(0);
});

const POST_FIELDS = `
  id nativeId platform source shortcode url text createdAt isReply mediaType hashtags mentions topicTag linkAttachment
  likeCount replyCount repostCount quoteCount shareCount viewCount replyToUsername
  media { type url width height altText durationSeconds thumbnailUrl variants { url width height } }
  poll { expiresAt totalVotes options { text voteShare } }
  author { id username }
`;

/** Most of what a user and their posts carry; cursors are left out (each app seals them with a fresh IV). */
function userAndPostsQuery(withThreads: boolean): string {
  const thread = withThreads
    ? `thread { id items { ${POST_FIELDS} } replies(first: 5) { edges { node { depth post { ${POST_FIELDS} } } } } }`
    : '';
  return `query UserAndPosts($platform: Platform!, $username: String!) {
    user(platform: $platform, username: $username) {
      id username platform source url biography
      posts(first: 10) { pageInfo { hasNextPage } edges { node { ${POST_FIELDS} ${thread} } } }
    }
  }`;
}

function vendorRequestCount(): number {
  return Object.values(fakes.servers).reduce((sum, server) => sum + server.requests.length, 0);
}

function resetVendorStats(): void {
  for (const server of Object.values(fakes.servers)) server.resetStats();
}

describe('one process, no Redis', () => {
  it('sends five concurrent identical cold requests to the vendor once', async () => {
    const graph = await GraphServer.inProcess(envFor(fakes, ['threads-graph']));
    try {
      fakes.servers['threads-graph'].setLatency(200);
      resetVendorStats();
      const query = '{ user(platform: THREADS, username: "zuck") { username } }';
      const answers = await Promise.all(Array.from({ length: 5 }, () => graph.query(query)));
      expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined, undefined, undefined, undefined]);
      expect(fakes.servers['threads-graph'].requests.map((request) => request.path)).toEqual(['/v1.0/profile_lookup']);
    } finally {
      await graph.close();
    }
  });
});

describe.skipIf(!haveRedis)('two apps sharing one redis-server', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis.stop();
  });

  const sharedEnv = (fakeUpstreams: FakeUpstreams, setupId: (typeof SETUPS)[number]['id'], prefix: string) =>
    envFor(fakeUpstreams, [setupId], { UPSTREAM_CACHE: 'on', REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix });

  it.each(SETUPS)('answers $id from Redis on the second app exactly as without Redis, with no vendor call', async (setup) => {
    const variables = { platform: setup.platform, username: setup.username };
    const query = userAndPostsQuery(setup.servesThreads);
    const plain = await GraphServer.inProcess(envFor(fakes, [setup.id]));
    const first = await GraphServer.inProcess(sharedEnv(fakes, setup.id, `round-trip-${setup.id}:`));
    const second = await GraphServer.inProcess(sharedEnv(fakes, setup.id, `round-trip-${setup.id}:`));
    try {
      const expected = await plain.query(query, variables);
      expect(expected.errors).toBeUndefined();
      expect((expected.data as { user?: unknown } | undefined)?.user).toBeTruthy();
      await first.query(query, variables);
      resetVendorStats();
      const fromRedis = await second.query(query, variables);
      expect(vendorRequestCount()).toBe(0);
      expect(fromRedis.data).toEqual(expected.data);
    } finally {
      await Promise.all([plain.close(), first.close(), second.close()]);
    }
  });

  it('counts shared hits in feedgraph_upstream_cache_total with tier="shared"', async () => {
    const query = '{ user(platform: THREADS, username: "zuck") { username } }';
    const first = await GraphServer.inProcess(sharedEnv(fakes, 'threads-graph', 'metric:'));
    const second = await GraphServer.inProcess(sharedEnv(fakes, 'threads-graph', 'metric:'));
    try {
      await first.query(query);
      await second.query(query);
      await second.query(query);
      const text = await second.app.metrics.registry.metrics();
      expect(text).toMatch(/feedgraph_upstream_cache_total\{provider="threads-graph",operation="[^"]+",tier="shared",result="hit"\} 1/);
      expect(text).toMatch(/feedgraph_upstream_cache_total\{provider="threads-graph",operation="[^"]+",tier="local",result="hit"\} 1/);
      expect(text).toMatch(/feedgraph_redis_up 1/);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('makes one vendor call when both apps ask for the same cold page at the same moment', async () => {
    const query = '{ user(platform: THREADS, username: "mosseri") { username } }';
    const first = await GraphServer.inProcess(sharedEnv(fakes, 'threads-graph', 'flight:'));
    const second = await GraphServer.inProcess(sharedEnv(fakes, 'threads-graph', 'flight:'));
    try {
      fakes.servers['threads-graph'].setLatency(200);
      resetVendorStats();
      const answers = await Promise.all([first.query(query), second.query(query)]);
      expect(answers.map((answer) => answer.data)).toEqual([{ user: { username: 'mosseri' } }, { user: { username: 'mosseri' } }]);
      expect(fakes.servers['threads-graph'].requests).toHaveLength(1);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it("spends one client's rate limit across both apps", async () => {
    const limited = (prefix: string) =>
      GraphServer.inProcess({ ...sharedEnv(fakes, 'threads-graph', prefix), RATE_LIMIT_PER_MINUTE: '60', RATE_LIMIT_BURST: '3' });
    const first = await limited('rate:');
    const second = await limited('rate:');
    try {
      const query = '{ providers { id } }';
      const statuses = [];
      for (const graph of [first, second, first, second]) statuses.push((await graph.query(query)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('serves on one app an automatic persisted query registered on the other', async () => {
    const query = '{ providers { id } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persistedQuery = { version: 1, sha256Hash };
    const first = await GraphServer.inProcess(sharedEnv(fakes, 'threads-graph', 'apq:'));
    const second = await GraphServer.inProcess(sharedEnv(fakes, 'threads-graph', 'apq:'));
    try {
      const unknown = await second.post(JSON.stringify({ extensions: { persistedQuery } }));
      expect(unknown.text).toContain('PersistedQueryNotFound');
      const registered = await first.post(JSON.stringify({ query, extensions: { persistedQuery } }));
      expect(registered.status).toBe(200);
      const used = await second.post(JSON.stringify({ extensions: { persistedQuery } }));
      const answer = JSON.parse(used.text) as { data?: { providers: { id: string }[] }; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.providers).toContainEqual({ id: 'threads-graph' });
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
