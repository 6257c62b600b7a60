import type { CursorCodec, CursorPosition, CursorScope } from '../cursor.js';
import type { Page, ProviderId } from '../domain.js';
import { FeedgraphError } from '../errors.js';
import { collectWindow } from './paginate.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArguments {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

interface ConnectionRequest<T> {
  provider: ProviderId;
  scope: CursorScope;
  cursors: CursorCodec;
  args: ConnectionArguments;
  start: CursorPosition | null;
  fetchPage: (token: string | null) => Promise<Page<T>>;
}

export function pageSizeOf(args: ConnectionArguments): number {
  if (args.last !== null && args.last !== undefined) throw new FeedgraphError('BAD_USER_INPUT', 'Backwards paging (last/before) is not supported on this connection; use first/after.');
  if (args.before !== null && args.before !== undefined) throw new FeedgraphError('BAD_USER_INPUT', 'Backwards paging (last/before) is not supported on this connection; use first/after.');
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new FeedgraphError('BAD_USER_INPUT', `"first" must be between 1 and ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}); got ${first}.`, { argument: 'first' });
  }
  return first;
}

/** Reads one Relay page over native pages and seals each edge's resume point into its cursor. */
export async function connectionOf<T>(request: ConnectionRequest<T>): Promise<Connection<T>> {
  const first = pageSizeOf(request.args);
  const start = request.start ?? { token: null, offset: 0 };
  const window = await collectWindow(request.fetchPage, start, first);
  const edges = window.items.map(({ item, after }) => ({
    node: item,
    cursor: request.cursors.encode({ provider: request.provider, token: after.token, offset: after.offset }, request.scope),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: window.hasNextPage,
      hasPreviousPage: request.start !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
