import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instagramWorld, threadsWorld, type CanonicalPost } from '../../fixtures/generate/canonical.js';
import { FeedPageQuery } from '../documents/feed.js';
import type { AuthorInput, FeedPageQuery as FeedPageResult } from '../generated/graphql.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';
import { present } from '../support/present.js';

const threads = threadsWorld();
const instagram = instagramWorld();
const postsOf = (world: typeof threads, username: string) => world.accounts.find((account) => account.user.username === username)!.posts;
const AUTHORS = [
  { platform: 'THREADS' as const, username: 'zuck', posts: postsOf(threads, 'zuck') },
  { platform: 'THREADS' as const, username: 'mosseri', posts: postsOf(threads, 'mosseri') },
  { platform: 'THREADS' as const, username: 'threads.fan01', posts: postsOf(threads, 'threads.fan01') },
  { platform: 'INSTAGRAM' as const, username: 'yifei_cc', posts: postsOf(instagram, 'yifei_cc') },
];
/** Newest first; equal times keep the order the authors were given in (a stable sort of the concatenation). */
const EXPECTED = AUTHORS.flatMap((author) => author.posts)
  .map((post, index) => ({ post, index }))
  .sort((left, right) => right.post.takenAt - left.post.takenAt || left.index - right.index)
  .map(({ post }: { post: CanonicalPost }) => post.id);

const authorsArgument: AuthorInput[] = AUTHORS.map(({ platform, username }) => ({ platform, username }));

type FeedPage = NonNullable<FeedPageResult['feed']>;

const fakes = useFakeUpstreams();
let graph: GraphServer;

beforeAll(async () => {
  graph = await GraphServer.inProcess(envFor(fakes, ['threads-graph', 'aisa'], { UPSTREAM_CACHE: 'on' }));
});

afterAll(async () => {
  await graph?.close();
});

async function page(first: number, after: string | null, authors = authorsArgument): Promise<FeedPage> {
  const result = await graph.query(FeedPageQuery, { authors, first, after });
  expect(result.errors).toBeUndefined();
  return present(result.data?.feed, 'the feed');
}

describe('Query.feed: several accounts on both platforms merged newest first', () => {
  it(`walks all ${EXPECTED.length} posts exactly once, newest first, with random page sizes and resume points`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100 }), fc.nat(), async (first, resumeSeed) => {
        const seen: string[] = [];
        const cursors: string[] = [];
        let after: string | null = null;
        for (let index = 0; index < 200; index += 1) {
          const feed: FeedPage = await page(first, after);
          expect(feed.pageInfo.hasPreviousPage).toBe(after !== null);
          seen.push(...feed.edges.map((edge) => edge.node.nativeId));
          cursors.push(...feed.edges.map((edge) => edge.cursor));
          if (!feed.pageInfo.hasNextPage) break;
          expect(feed.edges).toHaveLength(first);
          after = feed.pageInfo.endCursor;
        }
        expect(seen).toEqual(EXPECTED);
        const resumeAt = resumeSeed % cursors.length;
        const rest = await page(100, cursors[resumeAt]!);
        expect(rest.edges.map((edge) => edge.node.nativeId)).toEqual(EXPECTED.slice(resumeAt + 1, resumeAt + 101));
      }),
      { numRuns: 12 },
    );
  });

  it('refuses a feed cursor on a different list of authors, or an altered one', async () => {
    const first = await page(3, null);
    const other = await graph.query(FeedPageQuery, { authors: authorsArgument.slice(0, 2), first: 3, after: first.pageInfo.endCursor });
    expect(other.errors?.[0]?.extensions?.code).toBe('BAD_CURSOR');
    const altered = `${first.pageInfo.endCursor!.slice(0, -4)}AAAA`;
    expect((await graph.query(FeedPageQuery, { authors: authorsArgument, first: 3, after: altered })).errors?.[0]?.extensions?.code).toBe(
      'BAD_CURSOR',
    );
  });

  it('validates its authors', async () => {
    expect((await graph.query(FeedPageQuery, { authors: [], first: 3 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(
      (await graph.query(FeedPageQuery, { authors: [{ platform: 'THREADS', username: '../x' }], first: 3 })).errors?.[0]?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
  });
});
