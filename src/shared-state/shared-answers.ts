import { randomUUID } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { SharedRedis } from './redis.js';

/** A lock holder deletes the lock only while it is still its own (it may have expired and been taken since). */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/** How often a replica waiting for another's vendor answer looks for it. */
const POLL_INTERVAL_MS = 10;

/** A mapped answer and when it leaves Redis (epoch ms), so the local tier keeps it no longer. */
interface StoredAnswer {
  value: unknown;
  expiresAt: number;
}

/** What a lock attempt decided: this process calls the vendor (holding the lock, or Redis unusable), or another replica does. */
type LockOutcome = { held: true; release: () => Promise<void> } | { held: false };

/**
 * Mapped vendor answers in Redis, shared by every replica: the cache tier (`cache:` keys, the request's TTL) and the
 * hand-off between replicas asking at once (`flight:` locks). Values go through v8's serializer, which keeps Date,
 * Map and undefined. Every operation degrades: a failure reads as a miss, or as "call the vendor yourself".
 */
export class SharedAnswers {
  constructor(
    private readonly redis: SharedRedis,
    private readonly lockMs: number,
  ) {}

  async read(key: string): Promise<StoredAnswer | undefined> {
    const stored = await this.redis.attempt('cache-read', (client) => client.getBuffer(this.valueKey(key)));
    return stored ? (deserialize(stored) as StoredAnswer) : undefined;
  }

  async write(key: string, ttlMs: number, value: unknown): Promise<void> {
    const stored: StoredAnswer = { value, expiresAt: Date.now() + ttlMs };
    await this.redis.attempt('cache-write', (client) => client.set(this.valueKey(key), serialize(stored), 'PX', ttlMs));
  }

  /** Takes the short lock that makes this replica the one to call the vendor for `key`. */
  async lock(key: string): Promise<LockOutcome> {
    const token = randomUUID();
    const lockKey = this.lockKey(key);
    const taken = await this.redis.attempt('lock', (client) => client.set(lockKey, token, 'PX', this.lockMs, 'NX'));
    if (taken === null) return { held: false };
    const release = async () => {
      if (taken === 'OK') await this.redis.attempt('unlock', (client) => client.eval(RELEASE_SCRIPT, 1, lockKey, token));
    };
    return { held: true, release };
  }

  /**
   * The answer the lock holder writes, or undefined when it gives up (lock gone with no answer: it failed or died),
   * when the lock outlives `lockMs`, or when Redis stops answering.
   */
  async awaitHolder(key: string): Promise<StoredAnswer | undefined> {
    const giveUpAt = Date.now() + this.lockMs;
    while (Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      const answer = await this.redis.attempt('flight-wait', (client) => client.getBuffer(this.valueKey(key)));
      if (answer === undefined) return undefined;
      if (answer) return deserialize(answer) as StoredAnswer;
      const holder = await this.redis.attempt('flight-wait', (client) => client.exists(this.lockKey(key)));
      if (holder === undefined) return undefined;
      // The holder writes its answer before it lets go: one last look settles a release between the two reads.
      if (holder === 0) return this.read(key);
    }
    return undefined;
  }

  private valueKey(key: string): string {
    return `${this.redis.keyPrefix}cache:${key}`;
  }

  private lockKey(key: string): string {
    return `${this.redis.keyPrefix}flight:${key}`;
  }
}
