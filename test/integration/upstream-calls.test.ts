import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderId } from '../../src/domain.js';
import { ProviderError } from '../../src/errors.js';
import type { UpstreamObserver } from '../../src/loaders.js';
import { createJsonLogger } from '../../src/logger.js';
import { connectRedis, type SharedRedis } from '../../src/shared-state/redis.js';
import { UpstreamCalls } from '../../src/shared-state/upstream-calls.js';
import { UpstreamCache } from '../../src/upstream-cache.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../support/redis-server.js';

const PROVIDER: ProviderId = 'threads-graph';
const REQUEST = { operation: 'profilePosts', args: ['zuck'], ttlSeconds: 60 };

/** Every observer call, as "kind:detail" lines. */
function recordingObserver(): UpstreamObserver & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    cacheHit: (_provider, _operation, tier) => seen.push(`cacheHit:${tier}`),
    joined: (_provider, _operation, where) => seen.push(`joined:${where}`),
    vendorCall: (_provider, operation) => seen.push(`vendorCall:${operation}`),
  };
}

/** A vendor answer after `delayMs`, counting how often it was really asked. */
function slowVendor(delayMs: number, answer: unknown = { posts: [{ id: '1', createdAt: new Date('2026-01-02T03:04:05Z') }] }) {
  const vendor = {
    calls: 0,
    fetch: async () => {
      vendor.calls += 1;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return answer;
    },
  };
  return vendor;
}

const quietLogger = createJsonLogger('error');

describe('one process', () => {
  it('sends five concurrent identical requests to the vendor once and reports four process joins', async () => {
    const calls = new UpstreamCalls({ cache: null });
    const vendor = slowVendor(50);
    const observer = recordingObserver();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => calls.call(PROVIDER, REQUEST, 'scope:key', vendor.fetch, { observer })),
    );
    expect(vendor.calls).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(observer.seen.sort()).toEqual([
      'joined:process',
      'joined:process',
      'joined:process',
      'joined:process',
      'vendorCall:profilePosts',
    ]);
  });

  it('answers the next request from the local tier and asks admit only before a real call', async () => {
    const calls = new UpstreamCalls({ cache: new UpstreamCache(10) });
    const vendor = slowVendor(1);
    const observer = recordingObserver();
    const admitted: string[] = [];
    const hooks = { observer, admit: async (provider: ProviderId, operation: string) => void admitted.push(`${provider}:${operation}`) };
    await calls.call(PROVIDER, REQUEST, 'scope:key', vendor.fetch, hooks);
    await calls.call(PROVIDER, REQUEST, 'scope:key', vendor.fetch, hooks);
    expect(vendor.calls).toBe(1);
    expect(admitted).toEqual(['threads-graph:profilePosts']);
    expect(observer.seen).toEqual(['vendorCall:profilePosts', 'cacheHit:local']);
  });

  it('sends nothing when admit refuses, and caches no error', async () => {
    const calls = new UpstreamCalls({ cache: new UpstreamCache(10) });
    const vendor = slowVendor(1);
    const refuse = async () => {
      throw new ProviderError(PROVIDER, 'RATE_LIMITED', 'spent');
    };
    await expect(calls.call(PROVIDER, REQUEST, 'scope:key', vendor.fetch, { admit: refuse })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(vendor.calls).toBe(0);
    await calls.call(PROVIDER, REQUEST, 'scope:key', vendor.fetch, {});
    expect(vendor.calls).toBe(1);
  });
});

describe.skipIf(!redisServerAvailable())('two processes sharing one Redis', () => {
  let server: RedisServer;
  const connections: SharedRedis[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await server.stop();
  });

  async function replica(prefix: string, withCache = true): Promise<UpstreamCalls> {
    const redis = connectRedis(server.url, { logger: quietLogger, timeoutMs: 100, keyPrefix: prefix });
    connections.push(redis);
    expect(await redis.whenReady(5_000)).toBe(true);
    return new UpstreamCalls({ cache: withCache ? new UpstreamCache(10) : null, redis, lockMs: 2_000 });
  }

  it('serves the second replica from the shared tier, Dates intact, then from its own local tier', async () => {
    const [first, second] = [await replica('tiers:'), await replica('tiers:')];
    const vendor = slowVendor(1);
    const observer = recordingObserver();
    const fetched = await first.call(PROVIDER, REQUEST, 'scope:key', vendor.fetch, { observer });
    const shared = await second.call(PROVIDER, REQUEST, 'scope:key', vendor.fetch, { observer });
    const local = await second.call(PROVIDER, REQUEST, 'scope:key', vendor.fetch, { observer });
    expect(vendor.calls).toBe(1);
    expect(shared).toEqual(fetched);
    expect((shared as { posts: { createdAt: Date }[] }).posts[0]?.createdAt).toBeInstanceOf(Date);
    expect(local).toBe(shared);
    expect(observer.seen).toEqual(['vendorCall:profilePosts', 'cacheHit:shared', 'cacheHit:local']);
  });

  it('makes one vendor call for two replicas asking at once, the other joining', async () => {
    for (const withCache of [true, false]) {
      const prefix = `flight-${withCache}:`;
      const [first, second] = [await replica(prefix, withCache), await replica(prefix, withCache)];
      const vendor = slowVendor(200);
      const observer = recordingObserver();
      const answers = await Promise.all(
        [first, second].map((calls) => calls.call(PROVIDER, REQUEST, 'scope:key', vendor.fetch, { observer })),
      );
      expect(vendor.calls).toBe(1);
      expect(answers[1]).toEqual(answers[0]);
      expect(observer.seen.sort()).toEqual(['joined:replica', 'vendorCall:profilePosts']);
    }
  });

  it('lets a waiting replica call the vendor itself when the lock holder fails', async () => {
    const [first, second] = [await replica('failing:'), await replica('failing:')];
    let holderCalling: () => void = () => undefined;
    const calling = new Promise<void>((resolve) => {
      holderCalling = resolve;
    });
    const failing = async () => {
      holderCalling();
      await new Promise((resolve) => setTimeout(resolve, 100));
      throw new ProviderError(PROVIDER, 'UPSTREAM_UNAVAILABLE', 'down');
    };
    const vendor = slowVendor(1);
    const observer = recordingObserver();
    const holder = first.call(PROVIDER, REQUEST, 'scope:key', failing, { observer });
    await calling;
    const waiter = second.call(PROVIDER, REQUEST, 'scope:key', vendor.fetch, { observer });
    await expect(holder).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    await expect(waiter).resolves.toBeDefined();
    expect(vendor.calls).toBe(1);
    expect(observer.seen).toEqual(['vendorCall:profilePosts', 'vendorCall:profilePosts']);
  });
});
