import { LRUCache } from 'lru-cache';
import type { Capability } from './providers/provider.js';

/**
 * How long a vendor answer stays reusable across requests. Pages must outlive a reader's pause between
 * "next page" clicks, because a cursor points into a native page that is re-read to continue at its offset.
 */
export const CACHE_TTL_SECONDS: Record<Capability, number> = {
  userByUsername: 300,
  userById: 300,
  userPosts: 180,
  userReplies: 180,
  post: 300,
  thread: 300,
  postReplies: 120,
  threadReplies: 120,
  likers: 120,
  followers: 300,
  following: 300,
  searchUsers: 120,
};

/**
 * An in-memory LRU of successful upstream answers (already mapped to domain objects), shared by all
 * requests. Keys start with the provider's credential scope, so one credential never sees another's data;
 * errors are never stored.
 */
export class UpstreamCache {
  private readonly entries: LRUCache<string, { value: unknown }>;
  private hitCount = 0;
  private missCount = 0;

  constructor(maxEntries: number) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  get stats() {
    return { hits: this.hitCount, misses: this.missCount, size: this.entries.size };
  }

  get(key: string): { value: unknown } | undefined {
    const entry = this.entries.get(key);
    if (entry) this.hitCount += 1;
    else this.missCount += 1;
    return entry;
  }

  set(key: string, capability: Capability, value: unknown): void {
    this.entries.set(key, { value }, { ttl: CACHE_TTL_SECONDS[capability] * 1000 });
  }

  clear(): void {
    this.entries.clear();
  }
}
