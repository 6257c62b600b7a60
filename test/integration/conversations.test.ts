import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depthFirst, threadsWorld, type ReplyNode } from '../../fixtures/generate/canonical.js';
import { SelfThreadQuery, ThreadRepliesPageQuery } from '../documents/conversations.js';
import { envFor, GraphServer, type QueryResult, useFakeUpstreams } from '../support/graph-server.js';
import { present } from '../support/present.js';
import { type SetupId, setupsWhere } from '../support/setups.js';

const SETUPS = setupsWhere((candidate) => candidate.servesThreads && candidate.platform === 'THREADS').map((candidate) => candidate.id);

const world = threadsWorld();
const [deep, selfThread] = world.conversations as [(typeof world.conversations)[number], (typeof world.conversations)[number]];

interface Expected {
  id: string;
  depth: number;
  parent: string;
}

const expectedOf = (nodes: ReplyNode[], parent: string, depth = 1): Expected[] =>
  nodes.flatMap((node) => [{ id: node.post.id, depth, parent }, ...expectedOf(node.replies, node.post.id, depth + 1)]);
const EXPECTED = expectedOf(deep.replies, deep.root.id);

const fakes = useFakeUpstreams();
const graphs = new Map<SetupId, GraphServer>();

beforeAll(async () => {
  for (const setup of SETUPS) graphs.set(setup, await GraphServer.inProcess(envFor(fakes, [setup])));
});

afterAll(async () => {
  for (const graph of graphs.values()) await graph.close();
});

describe.each(SETUPS)('%s', (setup) => {
  it.each([1, 7, 100])('walks the 48-reply, 3-deep conversation exactly once, depth-first, with first=%i', async (first) => {
    const seen: { id: string; depth: number | null; parent: string | null }[] = [];
    let after: string | null = null;
    for (let page = 0; page <= EXPECTED.length; page += 1) {
      const result: QueryResult<typeof ThreadRepliesPageQuery> = await graphs
        .get(setup)!
        .query(ThreadRepliesPageQuery, { id: deep.root.id, first, after });
      expect(result.errors).toBeUndefined();
      const replies = present(result.data?.post?.thread?.replies, "the thread's replies");
      seen.push(...replies.edges.map(({ node }) => ({ id: node.post.nativeId, depth: node.depth, parent: node.parent?.nativeId ?? null })));
      if (!replies.pageInfo.hasNextPage) break;
      // hasNextPage is never true on a short page, and never false while the vendor still has replies.
      expect(replies.edges).toHaveLength(first);
      after = replies.pageInfo.endCursor;
    }
    expect(EXPECTED).toHaveLength(48);
    expect(Math.max(...EXPECTED.map((reply) => reply.depth))).toBe(3);
    expect(seen.map((reply) => reply.id)).toEqual(EXPECTED.map((reply) => reply.id));
    expect(seen.map((reply) => reply.parent)).toEqual(EXPECTED.map((reply) => reply.parent));
    // The Graph API knows a depth only when the parent is on the same native page; it is never wrong.
    for (const [index, reply] of seen.entries())
      expect(setup === 'threads-graph' ? [EXPECTED[index]!.depth, null] : [EXPECTED[index]!.depth]).toContain(reply.depth);
  });

  it("gives a self-thread as its root and the author's continuation posts, apart from the replies", async () => {
    const result = await graphs.get(setup)!.query(SelfThreadQuery, { id: selfThread.root.id });
    expect(result.errors).toBeUndefined();
    const thread = present(result.data?.post?.thread, 'the thread');
    expect(thread.items.map((item) => item.nativeId)).toEqual([selfThread.root, ...selfThread.continuation].map((post) => post.id));
    expect(present(thread.replies, "the thread's replies").edges.map((edge) => edge.node.post.nativeId)).toEqual(
      expect.arrayContaining(depthFirst(selfThread.replies).map((post) => post.id)),
    );
  });
});
