import { LRUCache } from 'lru-cache';

/** A kept answer and when it stops being fresh (epoch ms): what is built from it may be kept no longer. */
export interface CachedAnswer {
  value: unknown;
  expiresAt: number;
}

/**
 * An in-memory LRU of successful upstream answers (already mapped to domain objects), shared by all
 * requests. Keys start with the provider's credential scope, so one credential never sees another's data;
 * errors are never stored.
 */
export class UpstreamCache {
  private readonly entries: LRUCache<string, CachedAnswer>;
  private hitCount = 0;
  private missCount = 0;

  constructor(maxEntries: number) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  get stats() {
    return { hits: this.hitCount, misses: this.missCount, size: this.entries.size };
  }

  get(key: string): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (entry) this.hitCount += 1;
    else this.missCount += 1;
    return entry;
  }

  /** Pages must outlive a reader's pause between "next page" clicks: a cursor re-reads its native page. */
  set(key: string, ttlSeconds: number, value: unknown): void {
    const ttlMs = Math.round(ttlSeconds * 1000);
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs }, { ttl: ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
