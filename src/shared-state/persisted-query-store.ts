import { createHash } from 'node:crypto';
import type { InMemoryPersistedQueryStore, PersistedQueryStore } from '../persisted/query-store.js';
import type { SharedRedis } from './redis.js';

/** Registrations unused this long leave Redis; a client registers again on PersistedQueryNotFound. */
const STORED_SECONDS = 7 * 24 * 60 * 60;

/**
 * Automatic persisted queries every replica sees: registered in this process's LRU and in Redis, looked up here
 * first. Without Redis it is the LRU alone.
 */
export class RedisPersistedQueryStore implements PersistedQueryStore {
  constructor(
    private readonly redis: SharedRedis,
    private readonly local: InMemoryPersistedQueryStore,
  ) {}

  async get(hash: string): Promise<string | undefined> {
    const known = await this.local.get(hash);
    if (known !== undefined) return known;
    const stored = await this.redis.attempt('apq-read', (client) => client.getex(this.keyOf(hash), 'EX', STORED_SECONDS));
    // Only a document whose hash is the one asked for is served, whatever else wrote to Redis.
    if (!stored || createHash('sha256').update(stored).digest('hex') !== hash) return undefined;
    await this.local.set(hash, stored);
    return stored;
  }

  async set(hash: string, document: string): Promise<void> {
    await this.local.set(hash, document);
    await this.redis.attempt('apq-write', (client) => client.set(this.keyOf(hash), document, 'EX', STORED_SECONDS));
  }

  private keyOf(hash: string): string {
    return `${this.redis.keyPrefix}apq:${hash}`;
  }
}
