import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../src/demo/fake-server.js';
import { PROVIDERS } from '../../src/providers/descriptors.js';
import { postbox } from '../support/example-provider/index.js';
import { startPostboxFake } from '../support/example-provider/fake.js';
import { GraphServer } from '../support/graph-server.js';

/** The shipped providers plus the example: one folder (test/support/example-provider/) and this one entry. */
const DESCRIPTORS = [...PROVIDERS, postbox];
const KEY = 'test-postbox-key';
const CURSOR_SECRET = 'test-cursor-secret-that-is-long-enough-0123456789';
const POSTS = `{ user(platform: THREADS, username: "postbox_demo") { fullName followerCount posts(first: 3) { edges { node { nativeId text likeCount source } } pageInfo { hasNextPage } } } }`;

interface PostsAnswer {
  user: {
    fullName: string | null;
    followerCount: number | null;
    posts: {
      edges: Array<{ node: { nativeId: string; text: string | null; likeCount: number | null; source: string } }>;
      pageInfo: { hasNextPage: boolean };
    };
  };
}

describe('a seventh provider built from one folder and one descriptor entry', () => {
  let fake: FakeServer;
  beforeAll(async () => {
    fake = await startPostboxFake(KEY);
  });
  afterAll(async () => {
    await fake.close();
  });

  it('serves its posts and profile through the graph, paging its vendor two posts at a time', async () => {
    fake.requests.length = 0;
    const env = { CURSOR_SECRET, UPSTREAM_CACHE: 'off', ...postbox.environmentOf(postbox.demo.settingsFor(fake.url, KEY)) };
    const graph = await GraphServer.start(env, { descriptors: DESCRIPTORS });
    try {
      expect(graph.app.registry.all.map((provider) => provider.id)).toEqual(['postbox']);
      const answer = await graph.query<PostsAnswer, unknown>(POSTS);
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.user).toMatchObject({ fullName: 'Postbox Demo', followerCount: 42, posts: { pageInfo: { hasNextPage: true } } });
      expect(answer.data?.user.posts.edges.map((edge) => edge.node)).toEqual([
        { nativeId: 'pb-5', text: 'fifth and newest', likeCount: 5, source: 'postbox' },
        { nativeId: 'pb-4', text: 'fourth', likeCount: 4, source: 'postbox' },
        { nativeId: 'pb-3', text: 'third', likeCount: 3, source: 'postbox' },
      ]);
      expect(
        fake.requests.map((request) => ({
          path: request.path,
          cursor: request.query.cursor ?? null,
          key: request.headers['x-postbox-key'],
        })),
      ).toEqual([
        { path: '/v1/users/postbox_demo/posts', cursor: null, key: KEY },
        { path: '/v1/users/postbox_demo/posts', cursor: '2', key: KEY },
      ]);
    } finally {
      await graph.close();
    }
  });

  it('redacts its key from errors and takes its place in THREADS_PROVIDERS', async () => {
    const env = {
      CURSOR_SECRET,
      UPSTREAM_CACHE: 'off',
      THREADS_PROVIDERS: 'postbox',
      ...postbox.environmentOf(postbox.demo.settingsFor(fake.url, KEY)),
    };
    const graph = await GraphServer.start(env, { descriptors: DESCRIPTORS });
    try {
      fake.override((request) => ({ status: 401, body: { message: `key ${request.headers['x-postbox-key']} refused` } }));
      const answer = await graph.query<PostsAnswer, unknown>(POSTS);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: 'postbox' });
      expect(answer.text).not.toContain(KEY);
    } finally {
      fake.override(null);
      await graph.close();
    }
  });

  it('starts its fake in demo mode beside the shipped ones, and the shipped list alone knows nothing of it', async () => {
    // Ranked after the shipped Threads providers, it answers first only when named first.
    const demo = await GraphServer.start({ THREADS_PROVIDERS: 'postbox' }, { descriptors: DESCRIPTORS });
    try {
      expect(demo.app.config.demo).toBe(true);
      expect(demo.app.registry.all.map((provider) => provider.id)).toEqual([
        'threads-graph',
        'threads-web',
        'sociavault',
        'postbox',
        'aisa',
        'justoneapi',
      ]);
      const answer = await demo.query<PostsAnswer, unknown>(POSTS);
      expect(answer.data?.user.posts.edges[0]?.node.source).toBe('postbox');
    } finally {
      await demo.close();
    }
    await expect(GraphServer.start({ THREADS_PROVIDERS: 'postbox' })).rejects.toThrow(/"postbox" is not a THREADS provider/);
  });
});
