import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import { envFor, useFakeUpstreams } from '../support/graph-server.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const fakes = useFakeUpstreams();
const haveRedis = redisServerAvailable();
const TIMELINE_POSTS = 45;

const TIMELINE_PAGE = `query TimelinePage($after: String) {
  user(platform: THREADS, username: "zuck") {
    posts(first: 7, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } }
  }
}`;

interface TimelinePage {
  data?: { user: { posts: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } };
  errors?: unknown[];
}

/** A few lines of node:http in front of the replicas: each request to the next one in turn. */
async function roundRobin(targets: string[]): Promise<{ url: string; served: number[]; close(): Promise<void> }> {
  const served = targets.map(() => 0);
  let next = 0;
  const server: Server = createServer(async (incoming, outgoing) => {
    const index = next++ % targets.length;
    served[index] = (served[index] ?? 0) + 1;
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const answer = await request(targets[index]!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat(chunks),
    });
    outgoing.writeHead(answer.statusCode, { 'content-type': 'application/json' });
    outgoing.end(await answer.body.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, served, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function post<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const answer = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await answer.body.json()) as T;
}

/** Every post id of the timeline, page by page through `url`. */
async function walkTimeline(url: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page += 1) {
    const answer: TimelinePage = await post<TimelinePage>(url, TIMELINE_PAGE, { after });
    expect(answer.errors).toBeUndefined();
    const posts = answer.data?.user.posts;
    ids.push(...(posts?.edges.map((edge) => edge.node.id) ?? []));
    if (!posts?.pageInfo.hasNextPage) return ids;
    after = posts.pageInfo.endCursor;
  }
  throw new Error('the timeline did not end within 20 pages');
}

function nativeRequests(): string[] {
  return fakes.servers['threads-graph'].requests.map((recorded) => `${recorded.path}?${new URLSearchParams(recorded.query).toString()}`);
}

describe.skipIf(!haveRedis)('two feedgraph processes sharing one redis-server behind a round-robin proxy', () => {
  let redis: RedisServer;
  let replicas: ServerProcess[] = [];
  let proxy: Awaited<ReturnType<typeof roundRobin>>;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = envFor(fakes, ['threads-graph'], { UPSTREAM_CACHE: 'on', REDIS_URL: redis.url });
    const settings = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    replicas = await Promise.all([startServerProcess(settings), startServerProcess(settings)]);
    proxy = await roundRobin(replicas.map((replica) => replica.url));
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    for (const replica of replicas) replica.child.kill('SIGKILL');
    await redis?.stop();
  });

  it('walks a timeline alternating replicas and sees every post exactly once', async () => {
    fakes.servers['threads-graph'].resetStats();
    const ids = await walkTimeline(proxy.url);
    expect(ids).toHaveLength(TIMELINE_POSTS);
    expect(new Set(ids).size).toBe(TIMELINE_POSTS);
    expect(proxy.served[0]).toBeGreaterThan(0);
    expect(proxy.served[1]).toBeGreaterThan(0);
  });

  it('fetches each native page from the vendor once in total when the walk is repeated', async () => {
    fakes.servers['threads-graph'].resetStats();
    const ids = await walkTimeline(proxy.url);
    const afterFirstWalk = nativeRequests();
    const again = await walkTimeline(proxy.url);
    expect(again).toEqual(ids);
    expect(nativeRequests()).toEqual(afterFirstWalk);
    expect(new Set(afterFirstWalk).size).toBe(afterFirstWalk.length);
  });

  it('makes one vendor call for two simultaneous identical queries on the two replicas', async () => {
    const username = threadsWorld().accounts[5]!.user.username;
    const query = `{ user(platform: THREADS, username: "${username}") { username } }`;
    const upstream = fakes.servers['threads-graph'];
    upstream.setLatency(200);
    upstream.resetStats();
    try {
      const answers = await Promise.all(replicas.map((replica) => post<{ data?: unknown }>(replica.url, query)));
      expect(answers.map((answer) => answer.data)).toEqual([{ user: { username } }, { user: { username } }]);
      expect(upstream.requests).toHaveLength(1);
    } finally {
      upstream.setLatency(0);
    }
  });

  describe('quota across replicas: a quota of N calls is never exceeded by both together', () => {
    const QUOTA = 3;
    let limited: ServerProcess[] = [];

    beforeAll(async () => {
      // Their own key prefix: nothing the other replicas cached answers for them, every lookup counts.
      const env = envFor(fakes, ['threads-graph'], {
        UPSTREAM_CACHE: 'on',
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: 'quota-replicas:',
        QUOTAS: `threads-graph.profileLookup=${QUOTA}/1h`,
      });
      const settings = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
      limited = await Promise.all([startServerProcess(settings), startServerProcess(settings)]);
    }, 60_000);

    afterAll(() => {
      for (const replica of limited) replica.child.kill('SIGKILL');
    });

    it('lets both replicas, asked at once, make exactly N profile lookups and refuses the rest before the vendor', async () => {
      const accounts = threadsWorld().accounts;
      const usernames = [4, 10, 11, 12, 13].map((index) => accounts[index]!.user.username);
      const upstream = fakes.servers['threads-graph'];
      upstream.resetStats();
      const answers = await Promise.all(
        usernames.map((username, index) =>
          post<{ data?: { user: { username: string } | null }; errors?: { extensions: { code: string } }[] }>(
            limited[index % limited.length]!.url,
            `{ user(platform: THREADS, username: "${username}") { username } }`,
          ),
        ),
      );
      const outcomes = answers.map((answer) => answer.errors?.[0]?.extensions.code ?? 'ok');
      expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(QUOTA);
      expect(outcomes.filter((outcome) => outcome === 'QUOTA_EXCEEDED')).toHaveLength(usernames.length - QUOTA);
      expect(upstream.requests.filter((recorded) => recorded.path.endsWith('/profile_lookup'))).toHaveLength(QUOTA);
    });
  });

  it('answers every query through the proxy after Redis is killed', async () => {
    await redis.kill();
    const usernames = threadsWorld()
      .accounts.slice(6, 10)
      .map((account) => account.user.username);
    for (const username of [...usernames, ...usernames]) {
      const answer = await post<{ data?: unknown; errors?: unknown }>(
        proxy.url,
        `{ user(platform: THREADS, username: "${username}") { username } }`,
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ user: { username } });
    }
    for (const replica of replicas) expect(replica.output()).toContain('redis is unavailable');
  });
});
