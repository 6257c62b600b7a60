import { describe, expect, it } from 'vitest';
import { instagramWorld, threadsWorld } from '../../fixtures/generate/canonical.js';
import { FeedIdsQuery } from '../documents/feed.js';
import { NodeQuery, NodesQuery, PostNodeBesideTimelineQuery, TimelineIdsQuery } from '../documents/nodes.js';
import type { Platform } from '../generated/graphql.js';
import { envFor, withYoga, useFakeUpstreams, type GraphServer } from '../support/graph-server.js';
import { present } from '../support/present.js';
import { SETUPS, type SetupId } from '../support/setups.js';

const threads = threadsWorld();
const instagram = instagramWorld();
const zuckPosts = threads.accounts[0]!.posts;
const carsonPosts = instagram.accounts[0]!.posts;
const base64 = (text: string) => Buffer.from(text).toString('base64');

interface Combination {
  providers: SetupId[];
  platform: Platform;
  username: string;
  /** Indexes of the timeline's posts to read back by id (the 1st, 13th and 40th, or as far as the vendor lists). */
  positions: number[];
  threads: boolean;
}

const COMBINATIONS: Combination[] = [
  ...SETUPS.map((setup) => ({
    providers: [setup.id],
    platform: setup.platform,
    username: setup.username,
    positions: [0, 12, Math.min(39, setup.postCount - 1)],
    threads: setup.servesThreads,
  })),
  { providers: ['threads-graph', 'sociavault'], platform: 'THREADS', username: 'zuck', positions: [0, 12, 39], threads: true },
  { providers: ['aisa', 'justoneapi'], platform: 'INSTAGRAM', username: 'carsoncantcode', positions: [0, 12, 39], threads: false },
];

const fakes = useFakeUpstreams();

async function idsOf(graph: GraphServer, combination: Combination) {
  const result = await graph.query(TimelineIdsQuery, {
    platform: combination.platform,
    username: combination.username,
    first: 45,
    withThread: combination.threads,
  });
  expect(result.errors).toBeUndefined();
  const user = present(result.data?.user, `${combination.username}'s timeline`);
  return { id: user.id, posts: present(user.posts, `${combination.username}'s posts`) };
}

describe('every global id the graph hands out resolves with node(id:)', () => {
  it.each(COMBINATIONS)('$providers: the user, posts $positions of the timeline and their threads', async (combination) => {
    await withYoga(envFor(fakes, combination.providers), async (graph) => {
      const user = await idsOf(graph, combination);
      const userNode = await graph.query(NodeQuery, { id: user.id });
      expect(userNode.errors).toBeUndefined();
      expect(userNode.data).toEqual({ node: { id: user.id, __typename: 'User', username: combination.username } });
      for (const position of combination.positions) {
        const post = user.posts.edges[position]!.node;
        expect(post.nativeId).toBe((combination.platform === 'THREADS' ? zuckPosts : carsonPosts)[position]!.id);
        const postNode = await graph.query(NodeQuery, { id: post.id });
        expect(postNode.errors).toBeUndefined();
        expect(postNode.data).toEqual({
          node: { id: post.id, __typename: 'Post', nativeId: post.nativeId, author: { username: combination.username } },
        });
        if (!combination.threads) continue;
        const threadNode = await graph.query(NodeQuery, { id: post.thread!.id });
        expect(threadNode.errors).toBeUndefined();
        expect(threadNode.data).toEqual({ node: { id: post.thread!.id, __typename: 'Thread', root: { nativeId: post.nativeId } } });
      }
    });
  });

  it("finds an Instagram post through the owner's timeline, sharing the pages User.posts reads (one AIsa call for the 13th post)", async () => {
    const aisa = fakes.servers.aisa;
    await withYoga(envFor(fakes, ['aisa']), async (graph) => {
      const id = base64(`Post:INSTAGRAM:${carsonPosts[12]!.id}@carsoncantcode`);
      const before = aisa.requests.length;
      const result = await graph.query(PostNodeBesideTimelineQuery, { id, platform: 'INSTAGRAM', username: 'carsoncantcode', first: 24 });
      expect(result.errors).toBeUndefined();
      expect(result.data).toMatchObject({ node: { nativeId: carsonPosts[12]!.id } });
      // Pages 1 and 2 of 12: read once each, though both the search and the connection read them.
      expect(aisa.requests.length - before).toBe(2);
    });
  });

  it('says what to do with a post id issued before ids carried the author, and NOT_FOUND past the search bound', async () => {
    await withYoga(envFor(fakes, ['aisa']), async (graph) => {
      const old = await graph.query(NodeQuery, { id: base64(`Post:INSTAGRAM:${carsonPosts[0]!.id}`) });
      expect(old.data).toEqual({ node: null });
      expect(old.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: expect.stringMatching(/issued before post ids carried their author's handle/),
      });
      const missing = await graph.query(NodeQuery, { id: base64('Post:INSTAGRAM:1234567890@carsoncantcode') });
      expect(missing.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    });
  });
});

describe('nodes(ids:) and feed(authors:) are partial', () => {
  it('nulls only the entry whose id is unknown or malformed, each with its own error at its index', async () => {
    await withYoga(envFor(fakes, ['threads-graph', 'aisa']), async (graph) => {
      const ids = [
        base64('User:THREADS:zuck'),
        base64('User:THREADS:nobody.here'),
        'not-a-global-id',
        base64(`Post:INSTAGRAM:${carsonPosts[1]!.id}@carsoncantcode`),
      ];
      const result = await graph.query(NodesQuery, { ids });
      expect(result.data).toEqual({
        nodes: [{ __typename: 'User', username: 'zuck' }, null, null, { __typename: 'Post', nativeId: carsonPosts[1]!.id }],
      });
      expect(result.errors?.map((error) => [error.path, (error.extensions as { code: string }).code])).toEqual([
        [['nodes', 1], 'NOT_FOUND'],
        [['nodes', 2], 'BAD_USER_INPUT'],
      ]);
    });
  });

  it("serves the other authors' posts when one author cannot be read, with that author's error at the feed", async () => {
    await withYoga(envFor(fakes, ['threads-graph', 'aisa']), async (graph) => {
      const result = await graph.query(FeedIdsQuery, {
        authors: [
          { platform: 'THREADS', username: 'zuck' },
          { platform: 'THREADS', username: 'nobody.here' },
        ],
        first: 5,
      });
      expect(result.data?.feed?.edges.map((edge) => edge.node.nativeId)).toEqual(zuckPosts.slice(0, 5).map((post) => post.id));
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]).toMatchObject({
        path: ['feed'],
        extensions: { code: 'NOT_FOUND', author: 1 },
        message: expect.stringMatching(/authors\[1\].*nobody\.here/),
      });
    });
  });
});
