import { describe, expect, it } from 'vitest';
import type { Page } from '../../src/domain.js';
import { collectForward, type NativePosition, type PageReference } from '../../src/services/paginate.js';

const START: NativePosition = { token: null, direction: 'after', offset: 0 };

/** A vendor with `total` items served `pageSize` at a time behind opaque tokens. */
function vendor(total: number, pageSize: number) {
  const calls: (string | null)[] = [];
  const fetchPage = async ({ token }: PageReference): Promise<Page<number>> => {
    calls.push(token);
    const start = token === null ? 0 : Number(token.replace('page-', ''));
    const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, index) => start + index);
    return { items, nextToken: start + pageSize < total ? `page-${start + pageSize}` : null };
  };
  return { fetchPage, calls };
}

async function walk(total: number, pageSize: number, first: number) {
  const { fetchPage, calls } = vendor(total, pageSize);
  const seen: number[] = [];
  let position: NativePosition = { token: null, direction: 'after', offset: 0 };
  for (let guard = 0; guard < 500; guard += 1) {
    const window = await collectForward(fetchPage, position, first);
    seen.push(...window.items.map((entry) => entry.item));
    if (!window.hasNextPage) return { seen, calls };
    position = window.items.at(-1)!.after;
  }
  throw new Error('walk did not end');
}

describe('bridging Relay pages onto native pages', () => {
  it('pages through 45 posts exactly once with first=7 over native pages of 12', async () => {
    const { seen } = await walk(45, 12, 7);
    expect(seen).toEqual(Array.from({ length: 45 }, (_, index) => index));
  });

  it.each([
    [1, 12],
    [12, 12],
    [13, 12],
    [50, 12],
    [100, 25],
    [3, 1],
    [7, 45],
  ])('walks every item exactly once, in order, with first=%i over pages of %i', async (first, pageSize) => {
    const { seen } = await walk(45, pageSize, first);
    expect(seen).toEqual(Array.from({ length: 45 }, (_, index) => index));
  });

  it('fetches further native pages when first exceeds one page, and stops at the end', async () => {
    const { fetchPage, calls } = vendor(30, 12);
    const window = await collectForward(fetchPage, START, 50);
    expect(window.items).toHaveLength(30);
    expect(window.hasNextPage).toBe(false);
    expect(calls).toEqual([null, 'page-12', 'page-24']);
  });

  it('reports hasNextPage false exactly when the last item is returned', async () => {
    const { fetchPage } = vendor(24, 12);
    expect((await collectForward(fetchPage, START, 23)).hasNextPage).toBe(true);
    expect((await collectForward(fetchPage, START, 24)).hasNextPage).toBe(false);
    expect(
      (await collectForward(fetchPage, { token: 'page-12', direction: 'after', offset: 11 }, 5)).items.map((entry) => entry.item),
    ).toEqual([23]);
  });

  it('ends the walk when a vendor hands back the token it was given', async () => {
    let calls = 0;
    const stuck = async ({ token }: PageReference): Promise<Page<number>> => {
      calls += 1;
      return { items: [calls], nextToken: token ?? 'same-token' };
    };
    const window = await collectForward(stuck, START, 10);
    expect(window.items.map((entry) => entry.item)).toEqual([1, 2]);
    expect(window.hasNextPage).toBe(false);
  });

  it('handles an empty account', async () => {
    const window = await collectForward(vendor(0, 12).fetchPage, START, 5);
    expect(window).toEqual({ items: [], hasNextPage: false, dropped: 0 });
  });
});
