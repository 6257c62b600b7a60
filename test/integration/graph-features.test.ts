import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depthFirst, threadsWorld, type ReplyNode } from '../../fixtures/generate/canonical.js';
import { ConversationQuery, UserPostsQuery, UserProfileQuery } from '../documents/queries.js';
import {
  HandleOnBothPlatformsQuery,
  NodeIdQuery,
  NodeIdsQuery,
  PrivateAndEmptyAccountsQuery,
  ProfileBesidePostsQuery,
  ProviderCapabilitiesQuery,
  SearchAndRichPostsQuery,
  TokenAccountQuery,
  UnavailableCapabilitiesQuery,
  UserFollowersPageQuery,
  UserLastPostsQuery,
  UserNodeAndPostNodesQuery,
  UserPrivacyAndPostsQuery,
} from '../documents/graph-features.js';
import { TimelineIdsQuery } from '../documents/nodes.js';
import { UserNameQuery } from '../documents/users.js';
import { envFor, GraphServer, type QueryResult, withYoga, useFakeUpstreams } from '../support/graph-server.js';
import { present } from '../support/present.js';

const world = threadsWorld();
const [zuck, mosseri] = world.accounts;
const conversation = world.conversations[0]!;
const allReplies = depthFirst(conversation.replies);
const depthsOf = (nodes: ReplyNode[], depth = 1): number[] => nodes.flatMap((node) => [depth, ...depthsOf(node.replies, depth + 1)]);

const fakes = useFakeUpstreams();

describe('the demo graph (every provider configured)', () => {
  let graph: GraphServer;

  beforeAll(async () => {
    graph = await GraphServer.inProcess({ DEMO: '1' });
  });

  afterAll(async () => {
    await graph.close();
  });

  it('reads a profile with counts beyond 2^31 as SafeInt', async () => {
    const result = await graph.query(UserProfileQuery, { platform: 'THREADS', username: 'zuck' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.user).toMatchObject({
      username: 'zuck',
      fullName: 'Mark Zuckerberg',
      isVerified: true,
      followerCount: 5_123_456_789,
      source: 'threads-graph',
    });
  });

  it('reads a Threads conversation at every depth through the official API, with parents and depths', async () => {
    const seen: { id: string; depth: number | null; parent: string | null }[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const result: QueryResult<typeof ConversationQuery> = await graph.query(ConversationQuery, {
        id: conversation.root.id,
        first: 5,
        after,
      });
      expect(result.errors).toBeUndefined();
      const replies = result.data!.post!.thread!.replies!;
      seen.push(
        ...replies.edges.map((edge) => ({
          id: edge.node.post.nativeId,
          depth: edge.node.depth ?? null,
          parent: edge.node.parent?.nativeId ?? null,
        })),
      );
      if (!replies.pageInfo.hasNextPage) break;
      after = replies.pageInfo.endCursor ?? null;
    }
    expect(seen.map((reply) => reply.id)).toEqual(allReplies.map((reply) => reply.id));
    expect(seen.map((reply) => reply.parent)).toEqual(allReplies.map((reply) => reply.replyTo!.id));
    const chainDepths = depthsOf(conversation.replies);
    // Depth is known when the parent is on the same page; it is never wrong.
    for (const [index, reply] of seen.entries()) expect([chainDepths[index], null]).toContain(reply.depth);
  });

  it('lists the direct replies of a post and its likers (likers come from threads-web, the only provider that has them)', async () => {
    const result = await graph.query(ConversationQuery, { id: conversation.root.id, first: 50 });
    expect(result.errors).toBeUndefined();
    const post = result.data!.post!;
    expect(post.replies?.edges.map((edge) => edge.node.post.text)).toEqual(conversation.replies.map((reply) => reply.post.text));
    expect(post.replies?.edges.every((edge) => edge.node.depth === 1)).toBe(true);
    expect(post.likers?.edges.map((edge) => edge.node.user.username)).toEqual(
      world.likers[conversation.root.id]!.slice(0, 5).map((user) => user.username),
    );
  });

  it("pages followers with the mobile API's numeric max_id, exactly once", async () => {
    const usernames: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: QueryResult<typeof UserFollowersPageQuery> = await graph.query(UserFollowersPageQuery, {
        platform: 'THREADS',
        username: 'zuck',
        first: 17,
        after,
      });
      expect(result.errors).toBeUndefined();
      const followers = result.data!.user!.followers!;
      usernames.push(...followers.edges.map((edge) => edge.node.username));
      if (!followers.pageInfo.hasNextPage) break;
      after = followers.pageInfo.endCursor ?? null;
    }
    expect(usernames).toEqual(world.followers[zuck!.user.id]!.map((user) => user.username));
  });

  it('searches users, and reads replies, quotes, reposts, carousels and unicode captions', async () => {
    const result = await graph.query(SearchAndRichPostsQuery);
    expect(result.errors).toBeUndefined();
    const data = present(result.data, 'the data');
    const user = present(data.user, 'zuck');
    expect(data.searchUsers?.edges[0]?.node.username).toBe('mosseri');
    expect(user.replies?.edges[0]?.node).toMatchObject({
      depth: 1,
      post: { replyToUsername: 'mosseri' },
      parent: { author: { username: 'mosseri' } },
    });
    const posts = present(user.posts, "zuck's posts").edges.map((edge) => edge.node);
    expect(posts.map((post) => post.mediaType)).toEqual(['TEXT', 'IMAGE', 'CAROUSEL', 'VIDEO', 'TEXT', 'REPOST', 'TEXT', 'IMAGE', 'TEXT']);
    expect(posts[2]?.media.map((media) => media.type)).toEqual(['IMAGE', 'IMAGE', 'VIDEO']);
    expect(posts[3]?.media[0]).toMatchObject({
      type: 'VIDEO',
      url: expect.stringMatching(/\.mp4/),
      thumbnailUrl: expect.stringMatching(/\.jpg/),
    });
    expect(posts[4]?.quotedPost).toEqual({ text: zuck!.posts[4]!.quoted!.text });
    expect(posts[5]?.repostedPost).toEqual({ text: zuck!.posts[5]!.reposted!.text, author: { username: 'mosseri' } });
    expect(posts[8]?.text).toBe('日本のみなさん、こんにちは！ 🇯🇵 Threads is growing fast here. #9');
    expect(posts[0]?.topicTag).toBe('Technology');
    expect(posts[1]?.linkAttachment).toBe('https://about.fb.com/news/');
    expect(posts[1]?.hashtags).toEqual(['UFC290', '2']);
  });

  it('resolves node(id) and nodes(ids) for users, posts and threads to the same objects', async () => {
    const first = await graph.query(TimelineIdsQuery, { platform: 'THREADS', username: 'mosseri', first: 1, withThread: true });
    const user = present(first.data?.user, 'mosseri');
    const post = present(user.posts, "mosseri's posts").edges[0]!.node;
    const thread = present(post.thread, "the post's thread");
    const result = await graph.query(UserNodeAndPostNodesQuery, { user: user.id, ids: [post.id, thread.id] });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      node: { __typename: 'User', id: user.id, username: 'mosseri' },
      nodes: [
        { __typename: 'Post', id: post.id, nativeId: post.nativeId },
        { __typename: 'Thread', id: thread.id, root: { nativeId: post.nativeId } },
      ],
    });
    expect(post.nativeId).toBe(mosseri!.posts[0]!.id);
  });

  it('rejects bad page sizes, backwards paging and forged cursors with clear codes', async () => {
    const zero = await graph.query(UserPostsQuery, { platform: 'THREADS', username: 'zuck', first: 0 });
    expect(zero.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/between 1 and 100/) });
    const big = await graph.query(UserPostsQuery, { platform: 'THREADS', username: 'zuck', first: 101 });
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const backwards = await graph.query(UserLastPostsQuery, { platform: 'INSTAGRAM', username: 'carsoncantcode', last: 3 });
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const forged = await graph.query(UserPostsQuery, { platform: 'THREADS', username: 'zuck', first: 2, after: 'AQ'.repeat(40) });
    expect(forged.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
    const page = await graph.query(UserPostsQuery, { platform: 'THREADS', username: 'zuck', first: 2 });
    const foreign = await graph.query(UserPostsQuery, {
      platform: 'THREADS',
      username: 'mosseri',
      first: 2,
      after: page.data!.user!.posts!.pageInfo.endCursor,
    });
    expect(foreign.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_CURSOR' },
      message: expect.stringMatching(/different connection/),
    });
  });

  it.each(['constructor', '__proto__', 'tostring', 'hasownproperty'])(
    'answers a handle named like an object property (%s) with NOT_FOUND, not a crash',
    async (handle) => {
      const result = await graph.query(HandleOnBothPlatformsQuery, { name: handle });
      expect(result.data).toEqual({ threads: null, instagram: null });
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    },
  );

  it('answers private and empty accounts without inventing posts', async () => {
    const result = await graph.query(PrivateAndEmptyAccountsQuery);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      quiet: { username: 'quiet.account', posts: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } },
      emptyInsta: { username: 'empty.insta', posts: { edges: [], pageInfo: { hasNextPage: false } } },
      hiddenInsta: { isPrivate: true, posts: { edges: [] } },
    });
  });

  it('costs one upstream call for `user { posts }` on vendors whose posts call carries the profile', async () => {
    const aisa = graph.app.fakes!.servers.aisa;
    const before = aisa.requests.length;
    const result = await graph.query(ProfileBesidePostsQuery);
    expect(result.errors).toBeUndefined();
    expect(aisa.requests.length - before).toBe(1);
  });

  it('lists every provider with its priority and capabilities', async () => {
    const result = await graph.query(ProviderCapabilitiesQuery);
    expect(result.data).toMatchObject({
      providers: expect.arrayContaining([
        {
          id: 'threads-graph',
          platform: 'THREADS',
          configured: true,
          priority: 1,
          capabilities: expect.arrayContaining(['userPosts', 'threadReplies']),
        },
        { id: 'aisa', platform: 'INSTAGRAM', configured: true, priority: 1, capabilities: ['userPosts', 'userByUsername'] },
      ]),
    });
  });
});

describe('capabilities that no configured provider has', () => {
  it('answer CAPABILITY_UNAVAILABLE naming what would serve the field, and the rest of the response still arrives', async () => {
    await withYoga(envFor(fakes, ['threads-graph', 'aisa']), async (graph) => {
      const result = await graph.query(UnavailableCapabilitiesQuery);
      const data = present(result.data, 'the data');
      expect(data.user).toEqual({ username: 'zuck', followers: null });
      expect(data.insta).toEqual({ username: 'carsoncantcode', replies: null });
      const byPath = Object.fromEntries((result.errors ?? []).map((error) => [error.path?.join('.'), error]));
      expect(byPath['user.followers']).toMatchObject({
        extensions: { code: 'CAPABILITY_UNAVAILABLE', servedBy: ['threads-web'] },
        message: expect.stringMatching(/THREADS_WEB_TOKEN/),
      });
      expect(byPath['insta.replies']?.message).toMatch(/None of the INSTAGRAM providers/);
      expect(byPath.post?.extensions?.code).toBe('CAPABILITY_UNAVAILABLE');
    });
  });
});

describe('the account behind the Threads Graph token', () => {
  it('is user(id: "me"), read from /me, with its posts from /me/threads', async () => {
    const graphFake = fakes.servers['threads-graph'];
    const before = graphFake.requests.length;
    await withYoga(envFor(fakes, ['threads-graph']), async (graph) => {
      const result = await graph.query(TokenAccountQuery);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        user: {
          username: 'zuck',
          fullName: 'Mark Zuckerberg',
          posts: { edges: zuck!.posts.slice(0, 3).map((post) => ({ node: { nativeId: post.id } })) },
        },
      });
      expect(graphFake.requests.slice(before).map((request) => request.path)).toEqual(['/v1.0/me', '/v1.0/me/threads']);
    });
  });
});

describe('global ids', () => {
  it('reject ids this API did not issue, before any vendor is called', async () => {
    const web = fakes.servers['threads-web'];
    const before = web.requests.length;
    await withYoga(envFor(fakes, ['threads-web']), async (graph) => {
      for (const raw of ['User:THREADS:../../etc', 'User:MYSPACE:tom', 'Post:THREADS:12/likers']) {
        const result = await graph.query(NodeIdsQuery, { ids: [Buffer.from(raw).toString('base64')] });
        expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: 'Not an id this API issued.' });
      }
      const garbage = await graph.query(NodeIdQuery, { id: 'not-a-global-id' });
      expect(garbage.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: 'Not an id this API issued.' });
      expect(web.requests.length).toBe(before);
    });
  });
});

describe('demo accounts under the default provider order', () => {
  it('serves a private Threads account through threads-web when the Graph API will not disclose it', async () => {
    await withYoga({ DEMO: '1' }, async (graph) => {
      const result = await graph.query(UserPrivacyAndPostsQuery, { platform: 'THREADS', username: 'hidden.account' });
      expect(result.errors).toBeUndefined();
      expect(result.data?.user).toEqual({ username: 'hidden.account', isPrivate: true, source: 'threads-web', posts: { edges: [] } });
    });
  });

  it('still answers NOT_FOUND, once, for an account no provider knows', async () => {
    await withYoga({ DEMO: '1' }, async (graph) => {
      const result = await graph.query(UserNameQuery, { platform: 'THREADS', username: 'nobody.at.all' });
      expect(result.data).toEqual({ user: null });
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
