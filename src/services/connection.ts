import type { CursorCodec, CursorPosition, CursorScope, OffsetRange } from '../cursor.js';
import type { ProviderId } from '../domain.js';
import { FeedgraphError, ProviderError } from '../errors.js';
import {
  collectBackward,
  collectForward,
  type ItemFilter,
  type NativePosition,
  type PageFetcher,
  type PositionedItem,
} from './paginate.js';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export interface ConnectionArguments {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Errors reported beside the data (items a vendor sent that could not be read), at the connection's path. */
  problems?: FeedgraphError[];
}

export type PagePlan =
  | { direction: 'forward'; size: number; cursor: string | null }
  | { direction: 'backward'; size: number; cursor: string };

function badInput(message: string, argument: string): FeedgraphError {
  return new FeedgraphError('BAD_USER_INPUT', message, { argument });
}

function sizeOf(name: 'first' | 'last', value: number | null | undefined): number {
  const size = value ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`"${name}" must be between 1 and ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}); got ${size}.`, name);
  }
  return size;
}

const present = (value: unknown) => value !== null && value !== undefined;

/**
 * first/after pages forward; last/before pages backward. Mixing them, or `last` with no cursor, is refused. A
 * cursor that is present is always decoded, so an empty one is BAD_CURSOR, never a walk silently restarted.
 */
export function planOf(args: ConnectionArguments): PagePlan {
  const backward = present(args.last) || present(args.before);
  if (!backward) return { direction: 'forward', size: sizeOf('first', args.first), cursor: args.after ?? null };
  if (present(args.first) || present(args.after))
    throw badInput(
      'Page forward with first/after or backward with last/before, not both at once.',
      present(args.first) ? 'first' : 'after',
    );
  if (args.before === null || args.before === undefined)
    throw badInput(
      '"last" needs a "before" cursor: the vendors cannot start from the end of a list. Page forward first, then back from any cursor.',
      'before',
    );
  return { direction: 'backward', size: sizeOf('last', args.last), cursor: args.before };
}

interface ConnectionRequest<T> {
  provider: ProviderId;
  scope: CursorScope;
  cursors: CursorCodec;
  plan: PagePlan;
  /** The decoded cursor of the plan, if any. */
  start: CursorPosition | null;
  fetchPage: PageFetcher<T>;
  filter?: ItemFilter<T> | undefined;
}

/**
 * Reads one Relay page over native pages. Each edge seals its resume point into its cursor lazily, on
 * first read: a query that never selects a cursor pays for no encryption. The edges from one native page
 * share one signature over the offsets this page hands out.
 */
export async function connectionOf<T>(request: ConnectionRequest<T>): Promise<Connection<T>> {
  const sealAll = (items: PositionedItem<T>[]) => {
    const ranges = rangesOf(items);
    return items.map(
      ({ item, after }, index) =>
        new LazyEdge(item, () => request.cursors.encode({ provider: request.provider, ...after }, request.scope, ranges[index])),
    );
  };
  if (request.plan.direction === 'backward') {
    const window = await collectBackward(request.fetchPage, positionOf(request.start), request.plan.size, request.filter);
    return withProblems(
      withPageInfo(sealAll(window.items), { hasNextPage: true, hasPreviousPage: window.hasPreviousPage }),
      request.provider,
      window.dropped,
    );
  }
  const start: NativePosition = request.start ? positionOf(request.start) : { token: null, direction: 'after', offset: 0 };
  const window = await collectForward(request.fetchPage, start, request.plan.size, request.filter);
  return withProblems(
    withPageInfo(sealAll(window.items), { hasNextPage: window.hasNextPage, hasPreviousPage: request.start !== null }),
    request.provider,
    window.dropped,
  );
}

/** Items left out of a list are reported beside it, with how many, and never end or shorten the walk. */
function withProblems<T>(connection: Connection<T>, provider: ProviderId, dropped: number): Connection<T> {
  if (dropped === 0) return connection;
  const message = `${dropped} item${dropped === 1 ? '' : 's'} of this list could not be read from the vendor's answer and ${dropped === 1 ? 'was' : 'were'} left out; the rest is complete.`;
  return { ...connection, problems: [new ProviderError(provider, 'UPSTREAM_BAD_ITEM', message, { details: { count: dropped } })] };
}

/** For each item, the offsets handed out from its native page: a window reads each native page as one run. */
function rangesOf(items: PositionedItem<unknown>[]): OffsetRange[] {
  const ranges: OffsetRange[] = [];
  let runStart = 0;
  items.forEach(({ after }, index) => {
    const next = items[index + 1]?.after;
    if (next && next.token === after.token && next.direction === after.direction) return;
    const offsets = items.slice(runStart, index + 1).map((run) => run.after.offset);
    const from = Math.min(...offsets);
    const range = { from, count: Math.max(...offsets) - from + 1 };
    for (let member = runStart; member <= index; member++) ranges[member] = range;
    runStart = index + 1;
  });
  return ranges;
}

function positionOf(cursor: CursorPosition | null): NativePosition {
  if (!cursor) throw new Error('a backward page needs its cursor');
  return { token: cursor.token, direction: cursor.direction, offset: cursor.offset };
}

/**
 * An edge whose cursor is sealed when first read. Classes, not object literals with getters: V8 gives each literal
 * whose getter is a new closure a map of its own, and ordinary GCs keep those maps, and the page data their getters
 * reach, until a memory-reducing one (bench/README.md, "What survives a scavenge is collectable").
 */
export class LazyEdge<T> {
  private sealed: string | undefined;

  constructor(
    readonly node: T,
    private readonly seal: () => string,
  ) {}

  get cursor(): string {
    this.sealed ??= this.seal();
    return this.sealed;
  }
}

class LazyPageInfo<T> {
  constructor(
    private readonly edges: Connection<T>['edges'],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

/** A connection of these edges; its start and end cursors are read (and so encoded) only when a query asks. */
export function withPageInfo<T>(edges: Connection<T>['edges'], flags: { hasNextPage: boolean; hasPreviousPage: boolean }): Connection<T> {
  return { edges, pageInfo: new LazyPageInfo(edges, flags.hasNextPage, flags.hasPreviousPage) };
}
