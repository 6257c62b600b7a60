import type { Page } from '../domain.js';

/** How a native page was (and can again be) fetched: after a token (forward) or before one (backward). */
export interface PageReference {
  token: string | null;
  direction: 'after' | 'before';
}

/** A resume point: a native page and how many of its items lie at or before the point. */
export interface NativePosition extends PageReference {
  offset: number;
}

export interface PositionedItem<T> {
  item: T;
  /** The position just after this item; a cursor made from it resumes after (or pages back before) the item. */
  after: NativePosition;
}

export interface ForwardWindow<T> {
  items: PositionedItem<T>[];
  hasNextPage: boolean;
  /** Vendor items left out (unmappable) where this window passed them: each is counted by one window of a walk. */
  dropped: number;
}

export interface BackwardWindow<T> {
  items: PositionedItem<T>[];
  hasPreviousPage: boolean;
  dropped: number;
}

/** Client-side filtering for vendors that cannot filter (time windows), in list order (newest first). */
export interface ItemFilter<T> {
  keep(item: T): boolean;
  /** True when no item after this one (in list order) can be kept, e.g. older than `since`. */
  endsForward?(item: T): boolean;
  /** True when no item before this one can be kept, e.g. newer than `until`. */
  endsBackward?(item: T): boolean;
}

export type PageFetcher<T> = (page: PageReference) => Promise<Page<T>>;

/** A safety net against vendors that page forever; Relay pages are capped far below this. */
const MAX_NATIVE_PAGES = 50;

const keepAll = { keep: () => true };

function referenceKey(page: PageReference): string {
  return `${page.direction}:${page.token ?? ''}`;
}

/**
 * Dropped items of a native page that lie in the part a window read, from offset `from` up to (not including)
 * the item at `to`; one past the last item belongs to the window that reads the page to its end.
 */
function droppedBetween(page: Page<unknown>, from: number, to: number): number {
  const readsToEnd = to >= page.items.length && (from < page.items.length || page.items.length === 0);
  return (page.dropped ?? []).filter(({ position }) => (position >= from && position < to) || (readsToEnd && position >= page.items.length))
    .length;
}

/**
 * Reads `first` items from `start`, fetching further native pages until it has them or the vendor is
 * exhausted. A vendor that hands back a token already followed ends the walk instead of looping.
 */
export async function collectForward<T>(
  fetchPage: PageFetcher<T>,
  start: NativePosition,
  first: number,
  filter: ItemFilter<T> = keepAll,
): Promise<ForwardWindow<T>> {
  const items: PositionedItem<T>[] = [];
  let page: PageReference = { token: start.token, direction: start.direction };
  let offset = start.offset;
  let dropped = 0;
  const followed = new Set([referenceKey(page)]);
  for (let fetched = 0; fetched < MAX_NATIVE_PAGES; fetched += 1) {
    const native = await fetchPage(page);
    for (let index = offset; index < native.items.length; index += 1) {
      const item = native.items[index]!;
      if (filter.endsForward?.(item)) return { items, hasNextPage: false, dropped: dropped + droppedBetween(native, offset, index) };
      if (!filter.keep(item)) continue;
      if (items.length === first) return { items, hasNextPage: true, dropped: dropped + droppedBetween(native, offset, index) };
      items.push({ item, after: { ...page, offset: index + 1 } });
    }
    dropped += droppedBetween(native, offset, native.items.length);
    const next: PageReference = { token: native.nextToken, direction: 'after' };
    if (native.nextToken === null || followed.has(referenceKey(next))) return { items, hasNextPage: false, dropped };
    if (items.length === first) return { items, hasNextPage: true, dropped };
    followed.add(referenceKey(next));
    page = next;
    offset = 0;
  }
  return { items, hasNextPage: true, dropped };
}

/**
 * Reads the `last` items before the item that ends at `start` (a `before` cursor), walking native pages
 * backwards through the vendor's own `before` tokens. Items come back in list order.
 */
export async function collectBackward<T>(
  fetchPage: PageFetcher<T>,
  start: NativePosition,
  last: number,
  filter: ItemFilter<T> = keepAll,
): Promise<BackwardWindow<T>> {
  const reversed: PositionedItem<T>[] = [];
  let page: PageReference = { token: start.token, direction: start.direction };
  // The cursor's own item sits at offset - 1; everything before it is a candidate.
  let end = start.offset - 1;
  let dropped = 0;
  const followed = new Set([referenceKey(page)]);
  const done = (hasPreviousPage: boolean) => ({ items: reversed.reverse(), hasPreviousPage, dropped });
  for (let fetched = 0; fetched < MAX_NATIVE_PAGES; fetched += 1) {
    const native = await fetchPage(page);
    // Backwards, a page's dropped items are reported by every window that reads it.
    dropped += native.dropped?.length ?? 0;
    for (let index = Math.min(end, native.items.length) - 1; index >= 0; index -= 1) {
      const item = native.items[index]!;
      if (filter.endsBackward?.(item)) return done(false);
      if (!filter.keep(item)) continue;
      if (reversed.length === last) return done(true);
      reversed.push({ item, after: { ...page, offset: index + 1 } });
    }
    const previous: PageReference = { token: native.previousToken ?? null, direction: 'before' };
    if (previous.token === null || followed.has(referenceKey(previous))) return done(false);
    if (reversed.length === last) return done(true);
    followed.add(referenceKey(previous));
    page = previous;
    end = Number.POSITIVE_INFINITY;
  }
  return done(true);
}
