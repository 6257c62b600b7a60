import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import { createJsonLogger } from '../../src/logger.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { freePort } from '../support/server-process.js';

const fakes = useFakeUpstreams();
const USERNAMES = threadsWorld()
  .accounts.slice(4, 8)
  .map((account) => account.user.username);

/** A graph sharing `redisUrl`, and every line it logs. */
async function graphOver(redisUrl: string, overrides: Record<string, string> = {}) {
  const lines: string[] = [];
  const env = envFor(fakes, ['threads-graph'], { UPSTREAM_CACHE: 'on', REDIS_URL: redisUrl, ...overrides });
  const graph = await GraphServer.inProcess(env, { logger: createJsonLogger('info', (line) => lines.push(line)) });
  const messages = () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
  return { graph, messages };
}

const userQuery = (username: string) => `{ user(platform: THREADS, username: "${username}") { username } }`;

async function expectAnswered(graph: GraphServer, username: string): Promise<void> {
  const answer = await graph.query(userQuery(username));
  expect(answer.errors).toBeUndefined();
  expect(answer.data).toEqual({ user: { username } });
}

async function metric(graph: GraphServer, name: string): Promise<number> {
  const values = (await graph.app.metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
  return values.reduce((sum, sample) => sum + sample.value, 0);
}

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeAll(server, sockets) };
}

/** Forwards to a real Redis until `mute()`: from then on it swallows every command, so each one times out. */
async function mutingProxy(target: number): Promise<{ url: string; mute(): void; close(): Promise<void> }> {
  let muted = false;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(socket).add(upstream);
    socket.on('data', (chunk) => (muted ? undefined : upstream.write(chunk)));
    upstream.pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mute: () => {
      muted = true;
    },
    close: () => closeAll(server, sockets),
  };
}

function closeAll(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe.skipIf(!redisServerAvailable())('Redis failing under a running graph', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('answers every query after Redis is killed, with one warning, the fallback metric, and one line when it is back', async () => {
    const doomed = await startRedisServer();
    const { graph, messages } = await graphOver(doomed.url);
    try {
      await expectAnswered(graph, USERNAMES[0]!);
      expect(await metric(graph, 'feedgraph_redis_up')).toBe(1);
      await doomed.kill();
      for (const username of USERNAMES) await expectAnswered(graph, username);
      expect(messages().filter((message) => message.startsWith('redis is unavailable'))).toHaveLength(1);
      expect(await metric(graph, 'feedgraph_redis_fallbacks_total')).toBeGreaterThan(0);
      expect(await metric(graph, 'feedgraph_redis_up')).toBe(0);
      const revived = await startRedisServer(doomed.port);
      try {
        await vi.waitFor(async () => expect(await metric(graph, 'feedgraph_redis_up')).toBe(1), { timeout: 10_000, interval: 50 });
        await expectAnswered(graph, USERNAMES[1]!);
        expect(messages().filter((message) => message.startsWith('redis is back'))).toHaveLength(1);
        expect(messages().filter((message) => message.startsWith('redis is unavailable'))).toHaveLength(1);
      } finally {
        await revived.stop();
      }
    } finally {
      await graph.close();
    }
  });

  it('starts and answers queries when Redis is not there at all, warning once', async () => {
    const { graph, messages } = await graphOver(`redis://127.0.0.1:${await freePort()}`);
    try {
      for (const username of USERNAMES) await expectAnswered(graph, username);
      expect(messages().filter((message) => message.startsWith('redis is unavailable'))).toHaveLength(1);
      expect(await metric(graph, 'feedgraph_redis_up')).toBe(0);
    } finally {
      await graph.close();
    }
  });

  it('answers queries when Redis accepts connections and never answers', async () => {
    const silent = await silentServer();
    const { graph } = await graphOver(silent.url, { REDIS_TIMEOUT_MS: '50' });
    try {
      for (const username of USERNAMES) await expectAnswered(graph, username);
      expect(await metric(graph, 'feedgraph_redis_fallbacks_total')).toBeGreaterThan(0);
    } finally {
      await graph.close();
      await silent.close();
    }
  });

  it('answers queries after REDIS_TIMEOUT_MS when a connected Redis stops answering, and warns once', async () => {
    const proxy = await mutingProxy(redis.port);
    const { graph, messages } = await graphOver(proxy.url, { REDIS_TIMEOUT_MS: '50' });
    try {
      await expectAnswered(graph, USERNAMES[0]!);
      proxy.mute();
      for (const username of USERNAMES.slice(1)) await expectAnswered(graph, username);
      expect(messages().filter((message) => message.startsWith('redis is unavailable'))).toHaveLength(1);
      const fallbacks = await graph.app.metrics.registry.getSingleMetric('feedgraph_redis_fallbacks_total')?.get();
      expect(fallbacks?.values.map((sample) => sample.labels.operation)).toContain('cache-read');
    } finally {
      await graph.close();
      await proxy.close();
    }
  });
});
