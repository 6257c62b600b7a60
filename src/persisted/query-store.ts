import { LRUCache } from 'lru-cache';

/**
 * Where automatic persisted queries are kept: document text by the SHA-256 hex of that text. Asynchronous so a
 * shared store (Redis) can take the in-memory one's place when replicas must see each other's registrations.
 */
export interface PersistedQueryStore {
  get(hash: string): Promise<string | undefined>;
  set(hash: string, document: string): Promise<void>;
}

/** Bounds the text held whatever the entry count: a registration may be as large as a request body (100 kB). */
const MAX_STORED_DOCUMENT_CHARACTERS = 16 * 1024 * 1024;

/** One process's registrations, least recently used first out, bounded by entries and by total text. */
export class InMemoryPersistedQueryStore implements PersistedQueryStore {
  private readonly documents: LRUCache<string, string>;

  constructor(maxEntries: number, maxCharacters = MAX_STORED_DOCUMENT_CHARACTERS) {
    this.documents = new LRUCache({ max: maxEntries, maxSize: maxCharacters, sizeCalculation: (document) => Math.max(document.length, 1) });
  }

  get size(): number {
    return this.documents.size;
  }

  async get(hash: string): Promise<string | undefined> {
    return this.documents.get(hash);
  }

  async set(hash: string, document: string): Promise<void> {
    this.documents.set(hash, document);
  }
}
