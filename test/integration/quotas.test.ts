import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import type { FakeUpstreams } from '../../src/demo/index.js';
import { envFor, GraphServer, useFakeUpstreams, withYoga } from '../support/graph-server.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../support/redis-server.js';

const fakes = useFakeUpstreams();
const usernames = threadsWorld()
  .accounts.slice(4, 10)
  .map((account) => account.user.username);
const USER_SOURCE = 'query UserSource($username: String!) { user(platform: THREADS, username: $username) { username source } }';

interface CostExtension {
  quotaLeft: Record<string, Record<string, { left: number; unit: string; resetsAt: string }>>;
}
interface UserAnswer {
  data?: { user: { username: string; source: string } | null };
  errors?: { message: string; extensions: Record<string, unknown> }[];
  extensions?: { cost: CostExtension };
}

function callsTo(server: keyof FakeUpstreams['servers'], path: string, before: number): number {
  return fakes.servers[server].requests.slice(before).filter((request) => request.path.endsWith(path)).length;
}

async function userOf(graph: GraphServer, username: string): Promise<UserAnswer> {
  return (await graph.query(USER_SOURCE, { username })) as UserAnswer;
}

describe('per-provider quotas', () => {
  it('refuses the third profile lookup of a quota of 2 before Meta is called, and SociaVault answers it', async () => {
    await withYoga(envFor(fakes, ['threads-graph', 'sociavault'], { QUOTAS: 'threads-graph.profileLookup=2/1h' }), async (graph) => {
      const meta = fakes.servers['threads-graph'].requests.length;
      const sociavault = fakes.servers.sociavault.requests.length;
      const answers = [];
      for (const username of usernames.slice(0, 3)) answers.push(await userOf(graph, username));
      expect(answers.map((answer) => answer.data?.user?.source)).toEqual(['threads-graph', 'threads-graph', 'sociavault']);
      expect(callsTo('threads-graph', '/profile_lookup', meta)).toBe(2);
      expect(fakes.servers.sociavault.requests.length - sociavault).toBe(1);
      expect(answers[1]?.extensions?.cost.quotaLeft['threads-graph']?.['threads-graph.profileLookup']).toMatchObject({
        left: 0,
        unit: 'calls',
      });
    });
  });

  it('answers QUOTA_EXCEEDED with when it resets where no other provider can serve', async () => {
    await withYoga(envFor(fakes, ['threads-graph'], { QUOTAS: 'threads-graph.profileLookup=1/1h' }), async (graph) => {
      const before = fakes.servers['threads-graph'].requests.length;
      expect((await userOf(graph, usernames[0]!)).data?.user?.source).toBe('threads-graph');
      const refused = await userOf(graph, usernames[1]!);
      expect(callsTo('threads-graph', '/profile_lookup', before)).toBe(1);
      expect(refused.data?.user).toBeNull();
      const extensions = refused.errors?.[0]?.extensions ?? {};
      expect(extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', provider: 'threads-graph', quota: 'threads-graph.profileLookup' });
      expect(Date.parse(String(extensions.resetsAt))).toBeGreaterThan(Date.now());
      expect(extensions.retryAfterSeconds).toBeGreaterThanOrEqual(3_599);
      expect(extensions.retryAfterSeconds).toBeLessThanOrEqual(3_600);
    });
  });

  it("enforces Meta's rolling 1,000 per 24 h by default, shared by profile lookups and profile posts", async () => {
    await withYoga(envFor(fakes, ['threads-graph'], { QUOTAS: '' }), async (graph) => {
      const answer = (await graph.query(
        'query { user(platform: THREADS, username: "zuck") { posts(first: 3) { edges { node { id } } } } }',
      )) as unknown as { extensions: { cost: CostExtension } };
      // Two calls (the lookup and the first page) of the 500 a fixed 24 h window allows (see docs/configuration.md).
      expect(answer.extensions.cost.quotaLeft['threads-graph']).toEqual({
        'threads-graph.profileLookup+profilePosts': { left: 498, unit: 'calls', resetsAt: expect.any(String) },
      });
    });
  });

  it('counts credits: SociaVault at 1 credit a call refuses the third call of 2 credits a day', async () => {
    await withYoga(envFor(fakes, ['sociavault'], { QUOTAS: 'sociavault=2credits/1d' }), async (graph) => {
      const before = fakes.servers.sociavault.requests.length;
      const answers = [];
      for (const username of usernames.slice(0, 3)) answers.push(await userOf(graph, username));
      expect(answers.map((answer) => answer.errors?.[0]?.extensions.code ?? 'ok')).toEqual(['ok', 'ok', 'QUOTA_EXCEEDED']);
      expect(fakes.servers.sociavault.requests.length - before).toBe(2);
    });
  });
});

describe('Query.providers quotas', () => {
  it('shows each quota, what its window still admits and when it resets, without counting anything', async () => {
    const env = envFor(fakes, ['threads-graph', 'sociavault'], {
      QUOTAS: 'threads-graph.profileLookup+profilePosts=10/1h-rolling,sociavault=7credits/1d',
    });
    await withYoga(env, async (graph) => {
      const PROVIDER_QUOTAS = '{ providers { id quotas { name unit limit windowSeconds rolling left resetsAt } } }';
      const quotasOf = async () => {
        const answer = (await graph.query(PROVIDER_QUOTAS)) as {
          data?: { providers: { id: string; quotas: Record<string, unknown>[] }[] };
        };
        return Object.fromEntries((answer.data?.providers ?? []).map((provider) => [provider.id, provider.quotas]));
      };
      const fresh = await quotasOf();
      expect(fresh['threads-graph']).toEqual([
        {
          name: 'threads-graph.profileLookup+profilePosts',
          unit: 'CALLS',
          limit: 10,
          windowSeconds: 3_600,
          rolling: true,
          left: 5,
          resetsAt: null,
        },
      ]);
      expect(fresh.sociavault).toEqual([
        { name: 'sociavault', unit: 'CREDITS', limit: 7, windowSeconds: 86_400, rolling: false, left: 7, resetsAt: null },
      ]);
      expect(fresh.aisa).toEqual([]);
      await userOf(graph, usernames[0]!);
      const after = await quotasOf();
      expect(after['threads-graph']?.[0]).toMatchObject({ left: 4, resetsAt: expect.stringMatching(/^\d{4}-/) });
      expect((await quotasOf())['threads-graph']?.[0]).toMatchObject({ left: 4 });
    });
  });
});

const redisAvailable = redisServerAvailable();

describe.skipIf(!redisAvailable)('a quota shared by two apps through one redis-server', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('never lets the two together exceed it, alternating requests between them', async () => {
    const env = envFor(fakes, ['threads-graph'], { QUOTAS: 'threads-graph.profileLookup=3/1h', REDIS_URL: redis.url });
    const first = await GraphServer.inProcess(env);
    const second = await GraphServer.inProcess(env);
    try {
      const before = fakes.servers['threads-graph'].requests.length;
      const codes = [];
      for (const [index, username] of usernames.entries()) {
        const answer = await userOf(index % 2 === 0 ? first : second, username);
        codes.push(answer.errors?.[0]?.extensions.code ?? 'ok');
      }
      expect(codes).toEqual(['ok', 'ok', 'ok', 'QUOTA_EXCEEDED', 'QUOTA_EXCEEDED', 'QUOTA_EXCEEDED']);
      expect(callsTo('threads-graph', '/profile_lookup', before)).toBe(3);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('keeps answering, counting in each process, when Redis goes away', async () => {
    const own = await startRedisServer();
    const graph = await GraphServer.inProcess(
      envFor(fakes, ['threads-graph'], { QUOTAS: 'threads-graph.profileLookup=2/1h', REDIS_URL: own.url }),
    );
    try {
      expect((await userOf(graph, usernames[0]!)).data?.user?.source).toBe('threads-graph');
      await own.kill();
      const codes = [];
      for (const username of usernames.slice(1, 4)) codes.push((await userOf(graph, username)).errors?.[0]?.extensions.code ?? 'ok');
      // The in-memory insurance counts from zero: two more calls, then refusals.
      expect(codes).toEqual(['ok', 'ok', 'QUOTA_EXCEEDED']);
    } finally {
      await graph.close();
    }
  });
});
