import { startRedisServer } from '../test/support/redis-server.js';
import type { ProviderSettings } from '../src/config.js';
import { post, percentile, startChild, type Child } from './harness.js';
import type { Scenario } from './scenarios.js';

/**
 * The replica rows of `npm run bench`: two feedgraph processes with the cross-request cache on, queried in turn,
 * with and without a Redis they share; and what reading an answer from Redis costs over reading it from the
 * process's own memory.
 */
const QUERIES = 100;
const CONCURRENCY = 10;
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? '200');
const USERS = Array.from({ length: 10 }, (_, index) => `threads.fan${String(index + 1).padStart(2, '0')}`);

const timeline = (username: string): Scenario => ({
  name: username,
  query: `query Timeline($username: String!) { user(platform: THREADS, username: $username) { username posts(first: 5) { edges { node { id text } } } } }`,
  variables: { username },
  distinctFetches: 2,
  upstreamRounds: 1,
});

export interface ReplicaRow {
  shared: boolean;
  queries: number;
  vendorCalls: number;
}

export interface ReplicaMeasurements {
  rows: ReplicaRow[];
  /** One query's p50 when its two vendor answers come from the process's memory, and from Redis. */
  localHitP50: number;
  sharedHitP50: number;
}

async function replicas(baseUrl: string, redisUrl: string | null): Promise<Child[]> {
  const env = { BENCH_GRAPH_BASE_URL: baseUrl, BENCH_UPSTREAM_CACHE: 'on', ...(redisUrl ? { BENCH_REDIS_URL: redisUrl } : {}) };
  return Promise.all([startChild('./serve-feedgraph.ts', env), startChild('./serve-feedgraph.ts', env)]);
}

const urlOf = (replica: Child) => (replica.ready.urls as { feedgraph: string }).feedgraph;

async function answered(url: string, scenario: Scenario): Promise<void> {
  const result = await post(url, scenario);
  if (result.errors) throw new Error(`${scenario.name} failed: ${JSON.stringify(result.errors)}`);
}

/** QUERIES timeline reads over USERS, CONCURRENCY at a time, alternating replicas: vendor calls counted at the fake. */
async function vendorCallsFor(fakes: Child, urls: string[]): Promise<number> {
  const before = (await fakes.ask<{ count: number }>({ type: 'count' }, 'count')).count;
  for (let start = 0; start < QUERIES; start += CONCURRENCY) {
    const batch = Array.from({ length: CONCURRENCY }, (_, offset) => start + offset);
    // Each round over the users shifts them to the other replica, so every user is read on both.
    const replicaFor = (index: number) => urls[(index + Math.floor(index / USERS.length)) % urls.length]!;
    await Promise.all(batch.map((index) => answered(replicaFor(index), timeline(USERS[index % USERS.length]!))));
  }
  return (await fakes.ask<{ count: number }>({ type: 'count' }, 'count')).count - before;
}

/** Both answers of a timeline read on `reader` after `writer` fetched them: from Redis (local tier emptied), then from memory. */
async function hitLatencies(writer: Child, reader: Child): Promise<{ local: number; shared: number }> {
  for (const username of USERS) await answered(urlOf(writer), timeline(username));
  const local: number[] = [];
  const shared: number[] = [];
  for (let index = 0; index < LATENCY_SAMPLES; index += 1) {
    const scenario = timeline(USERS[index % USERS.length]!);
    await reader.ask({ type: 'clear-local-cache' }, 'cleared');
    let started = performance.now();
    await answered(urlOf(reader), scenario);
    shared.push(performance.now() - started);
    started = performance.now();
    await answered(urlOf(reader), scenario);
    local.push(performance.now() - started);
  }
  return { local: percentile(local, 0.5), shared: percentile(shared, 0.5) };
}

export async function measureReplicas(): Promise<ReplicaMeasurements> {
  const fakes = await startChild('./fakes.ts', { BENCH_UPSTREAM_LATENCY_MS: '20' });
  const baseUrl = (fakes.ready.settings as ProviderSettings).threadsGraph!.baseUrl;
  const redis = await startRedisServer();
  const rows: ReplicaRow[] = [];
  let latencies = { local: Number.NaN, shared: Number.NaN };
  try {
    for (const shared of [false, true]) {
      const pair = await replicas(baseUrl, shared ? redis.url : null);
      rows.push({ shared, queries: QUERIES, vendorCalls: await vendorCallsFor(fakes, pair.map(urlOf)) });
      if (shared) latencies = await hitLatencies(pair[0]!, pair[1]!);
      await Promise.all(pair.map((replica) => replica.stop()));
      console.log(
        `two replicas, ${shared ? 'sharing Redis' : 'each alone'}: ${rows.at(-1)!.vendorCalls} vendor calls for ${QUERIES} queries`,
      );
    }
  } finally {
    await redis.stop();
    await fakes.stop();
  }
  return { rows, localHitP50: latencies.local, sharedHitP50: latencies.shared };
}

export function replicaReport(measured: ReplicaMeasurements): string {
  const fixed = (value: number) => value.toFixed(2);
  const added = measured.sharedHitP50 - measured.localHitP50;
  const rows = measured.rows.map(
    (row) =>
      `| ${row.shared ? 'sharing one Redis' : 'each alone (no REDIS_URL)'} | ${row.queries} | ${row.vendorCalls} | ${fixed((100 * row.vendorCalls) / row.queries)} |`,
  );
  return `## Two replicas (cache on, 20 ms vendor latency)

${QUERIES} timeline reads (${USERS.length} users' first 5 posts, each read ${QUERIES / USERS.length} times), ${CONCURRENCY} at a
time, sent to two feedgraph processes in turn (each user is read on both); vendor calls counted at the fake (each user's first page is two calls:
the profile and the posts).

| replicas | queries | vendor calls | vendor calls per 100 queries |
|---|---|---|---|
${rows.join('\n')}

A query whose two vendor answers come from Redis (the replica's own tier emptied before each sample) against the
same query answered from the replica's memory, ${LATENCY_SAMPLES} samples each, taken in turn:

| local hit p50 ms | shared (Redis) hit p50 ms | added by Redis p50 ms | target |
|---|---|---|---|
| ${fixed(measured.localHitP50)} | ${fixed(measured.sharedHitP50)} | **${fixed(added)}** | ≤ 1 ms: ${added <= 1 ? 'met' : '**not met**'} |
`;
}
