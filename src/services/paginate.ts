import type { Page } from '../domain.js';

export interface NativePosition {
  token: string | null;
  offset: number;
}

export interface PositionedItem<T> {
  item: T;
  /** Where the next page starts if a client resumes after this item. */
  after: NativePosition;
}

export interface Window<T> {
  items: PositionedItem<T>[];
  hasNextPage: boolean;
}

/** A safety net against vendors that page forever; Relay pages are capped far below this. */
const MAX_NATIVE_PAGES = 50;

/**
 * Bridges a Relay page of `first` items onto native pages: reads from `start` (a native token and
 * an offset into that page), fetching further native pages until it has `first` items or the vendor
 * is exhausted. A vendor that hands back the token it was given ends the walk instead of looping.
 */
export async function collectWindow<T>(fetchPage: (token: string | null) => Promise<Page<T>>, start: NativePosition, first: number): Promise<Window<T>> {
  const items: PositionedItem<T>[] = [];
  let token = start.token;
  let offset = start.offset;
  const seenTokens = new Set<string | null>([token]);
  for (let fetched = 0; fetched < MAX_NATIVE_PAGES; fetched += 1) {
    const page = await fetchPage(token);
    const remaining = page.items.slice(offset);
    for (const [index, item] of remaining.entries()) {
      if (items.length === first) return { items, hasNextPage: true };
      items.push({ item, after: { token, offset: offset + index + 1 } });
    }
    const next = page.nextToken;
    if (next === null || seenTokens.has(next)) return { items, hasNextPage: false };
    if (items.length === first) return { items, hasNextPage: true };
    seenTokens.add(next);
    token = next;
    offset = 0;
  }
  return { items, hasNextPage: true };
}
