import type { CursorCodec } from '../cursor.js';
import type { Platform, Post } from '../domain.js';
import { FeedgraphError, isFeedgraphError } from '../errors.js';
import { PLATFORM_RULES } from '../platforms.js';
import { LazyEdge, planOf, withPageInfo, type Connection, type ConnectionArguments } from './connection.js';
import type { Services } from './index.js';

export interface Author {
  platform: Platform;
  username: string;
}

interface Stream {
  edges: Connection<Post>['edges'];
  next: number;
  hasMore: boolean;
}

/** Where one author's list stands: a decoded cursor, not started (null), or the edge last taken from it. */
type Position = string | null | { cursor: string };

const cursorOf = (position: Position) => (position === null || typeof position === 'string' ? position : position.cursor);

/**
 * Several accounts' timelines merged newest first. Each author's list is read through its own posts
 * connection (so providers, fallback, paging and cache are the usual ones); the feed cursor bundles one
 * cursor per author, and a page needs at most `first` items from each author.
 */
export async function feedConnection(
  services: Services,
  cursors: CursorCodec,
  authors: Author[],
  args: ConnectionArguments,
): Promise<Connection<Post>> {
  const plan = planOf(args);
  if (plan.direction === 'backward')
    throw new FeedgraphError('BAD_USER_INPUT', 'The feed pages forward only (first/after).', { argument: 'last' });
  const scope = {
    connection: 'feed',
    subject: authors.map((author) => `${author.platform}:${PLATFORM_RULES[author.platform].canonicalHandle(author.username)}`).join(','),
  };
  const positions: Position[] = plan.cursor === null ? authors.map(() => null) : cursors.decodeBundle(plan.cursor, scope, authors.length);
  const problems: FeedgraphError[] = [];
  const failures: FeedgraphError[] = [];
  // One author that cannot be read (unknown, private, a vendor down) is reported, and keeps its place in the
  // bundle; the others' posts still arrive. Only when every author fails is the feed itself an error.
  const streams: Stream[] = await Promise.all(
    authors.map(async (author, index) => {
      try {
        const page = await services
          .forPlatform(author.platform)
          .userPosts({ username: author.username, nativeId: null }, { first: plan.size, after: cursorOf(positions[index] ?? null) });
        problems.push(...(page.problems ?? []));
        return { edges: page.edges, next: 0, hasMore: page.pageInfo.hasNextPage };
      } catch (error) {
        if (!isFeedgraphError(error) || error.code === 'BAD_CURSOR') throw error;
        failures.push(
          new FeedgraphError(error.code, `authors[${index}] (${author.platform} @${author.username}): ${error.message}`, {
            ...error.details,
            author: index,
          }),
        );
        return { edges: [], next: 0, hasMore: false };
      }
    }),
  );
  if (failures.length === authors.length && failures[0]) throw failures[0];
  problems.push(...failures);
  const edges: Connection<Post>['edges'] = [];
  while (edges.length < plan.size) {
    const chosen = newestHead(streams);
    if (chosen === null) break;
    const stream = streams[chosen]!;
    const edge = stream.edges[stream.next]!;
    stream.next += 1;
    positions[chosen] = edge;
    // Signed only if the query reads it, like the cursors of a single timeline.
    const taken = [...positions];
    edges.push(new LazyEdge(edge.node, () => cursors.encodeBundle(taken.map(cursorOf), scope)));
  }
  const hasNextPage = streams.some((stream) => stream.next < stream.edges.length || stream.hasMore);
  const connection = withPageInfo(edges, { hasNextPage, hasPreviousPage: plan.cursor !== null });
  return problems.length > 0 ? { ...connection, problems } : connection;
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
