import type { CursorCodec } from '../cursor.js';
import type { Platform, Post } from '../domain.js';
import { FeedgraphError } from '../errors.js';
import { planOf, type Connection, type ConnectionArguments } from './connection.js';
import type { Services } from './index.js';

export interface Author {
  platform: Platform;
  username: string;
}

interface Stream {
  edges: { cursor: string; node: Post }[];
  next: number;
  hasMore: boolean;
}

/**
 * Several accounts' timelines merged newest first. Each author's list is read through its own posts
 * connection (so providers, fallback, paging and cache are the usual ones); the feed cursor bundles one
 * cursor per author, and a page needs at most `first` items from each author.
 */
export async function feedConnection(services: Services, cursors: CursorCodec, authors: Author[], args: ConnectionArguments): Promise<Connection<Post>> {
  const plan = planOf(args);
  if (plan.direction === 'backward') throw new FeedgraphError('BAD_USER_INPUT', 'The feed pages forward only (first/after).', { argument: 'last' });
  const scope = { connection: 'feed', subject: authors.map((author) => `${author.platform}:${author.username.toLowerCase()}`).join(',') };
  const positions = plan.cursor ? cursors.decodeBundle(plan.cursor, scope, authors.length) : authors.map(() => null);
  const streams: Stream[] = await Promise.all(
    authors.map(async (author, index) => {
      const page = await services.forPlatform(author.platform).userPosts({ username: author.username, nativeId: null }, { first: plan.size, after: positions[index] });
      return { edges: page.edges, next: 0, hasMore: page.pageInfo.hasNextPage };
    }),
  );
  const edges: Connection<Post>['edges'] = [];
  while (edges.length < plan.size) {
    const chosen = newestHead(streams);
    if (chosen === null) break;
    const stream = streams[chosen]!;
    const edge = stream.edges[stream.next]!;
    stream.next += 1;
    positions[chosen] = edge.cursor;
    edges.push({ node: edge.node, cursor: cursors.encodeBundle([...positions], scope) });
  }
  const hasNextPage = streams.some((stream) => stream.next < stream.edges.length || stream.hasMore);
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: plan.cursor !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** The stream whose next post is the newest; ties go to the author listed first, so the order is stable. */
function newestHead(streams: Stream[]): number | null {
  let chosen: number | null = null;
  streams.forEach((stream, index) => {
    const candidate = stream.edges[stream.next];
    if (!candidate) return;
    const best = chosen === null ? undefined : streams[chosen]!.edges[streams[chosen]!.next];
    if (!best || candidate.node.createdAt > best.node.createdAt) chosen = index;
  });
  return chosen;
}
