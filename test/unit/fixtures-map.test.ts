import { describe, expect, it } from 'vitest';
import { readFixture, readFixtureText } from '../../src/demo/fixtures.js';
import { hashtagsIn, type Post } from '../../src/domain.js';
import { userPostsResponse as aisaResponse } from '../../src/providers/aisa/payloads.js';
import { mapPostsPage as mapAisaPage } from '../../src/providers/aisa/map.js';
import { igMedia, igUser } from '../../src/providers/instagram-media/payloads.js';
import { mapIgMedia, mapIgUser } from '../../src/providers/instagram-media/map.js';
import { envelope, userPostsData } from '../../src/providers/justoneapi/payloads.js';
import { mapPostsPage as mapJustOnePage } from '../../src/providers/justoneapi/map.js';
import { userPostsResponse as sociavaultResponse } from '../../src/providers/sociavault/payloads.js';
import { mapPostsPage as mapSociaVaultPage, mapUser as mapSociaVaultUser } from '../../src/providers/sociavault/map.js';
import { pagedMedia, profile, threadsMedia } from '../../src/providers/threads-graph/payloads.js';
import { mapPage as mapGraphPage, mapPost as mapGraphPost, mapProfile } from '../../src/providers/threads-graph/map.js';
import {
  privateThreadsResponse,
  privateUserResponse,
  privateUsersResponse,
  publicLikersResponse,
  publicThreadResponse,
  publicThreadsResponse,
  publicUserResponse,
} from '../../src/providers/threads-web/payloads.js';
import { directReplies } from '../../src/providers/threads-web/conversation-walk.js';
import {
  mapConversation,
  mapProfilePosts,
  mapProfileReplies,
  mapThread,
  mapUser as mapWebUser,
  mapUsersPage,
} from '../../src/providers/threads-web/map.js';

function expectWellFormed(post: Post): void {
  expect(post.nativeId).toMatch(/^\d+$/);
  expect(Number.isNaN(post.createdAt.getTime())).toBe(false);
  expect(post.author.username).toMatch(/^[a-z0-9._]+$/i);
  for (const media of post.media) expect(media.url ?? media.thumbnailUrl).toMatch(/^https:\/\//);
}

describe("seed payloads (the vendors' documented responses)", () => {
  it('SociaVault: the full and trimmed examples parse, posts keyed "0".. become a list, and the post maps with its 13 image sizes largest first', () => {
    for (const file of ['seed-user-posts.json', 'seed-user-posts-trimmed.json']) {
      const response = sociavaultResponse.parse(readFixture('sociavault', file));
      const [post] = mapSociaVaultPage(response, 'trendspider').items;
      expect(post?.nativeId).toBe('3828488408293886842');
      expect(post?.shortcode).toBe('DUhhexTDst6');
      expect(post?.text).toBe('Bears about to get electrocuted. $XLE ⚡️');
      expect(post?.likeCount).toBe(19);
      expect(post?.createdAt.toISOString()).toBe('2026-02-09T04:30:22.000Z');
      expect(mapSociaVaultUser(response, 'trendspider').nativeId).toBe('63069450921');
    }
    const [full] = mapSociaVaultPage(sociavaultResponse.parse(readFixture('sociavault', 'seed-user-posts.json')), 'trendspider').items;
    expect(full?.mediaType).toBe('IMAGE');
    expect(full?.media[0]?.variants).toHaveLength(13);
    expect(full?.media[0]?.variants[0]).toMatchObject({ width: 1079, height: 790 });
    expect(full?.replyCount).toBe(1);
    expect(full?.repostCount).toBe(1);
    expect(full?.media[0]?.altText).toMatch(/^May be an image of text/);
  });

  it('AIsa: the reel maps as a video with its play count, duration and the profile from `user`', () => {
    const page = mapAisaPage(aisaResponse.parse(readFixture('aisa', 'seed-user-posts.json')));
    const [reel] = page.items;
    expect(reel).toMatchObject({
      nativeId: '3644028144127958689',
      shortcode: 'DKSMEpKRd6h',
      mediaType: 'VIDEO',
      likeCount: 29,
      replyCount: 7,
      viewCount: 2643,
    });
    expect(reel?.media[0]).toMatchObject({ type: 'VIDEO', durationSeconds: 72.1, width: 480, height: 852 });
    expect(reel?.media[0]?.thumbnailUrl).toMatch(/502710192_1957567931446141/);
    expect(reel?.media[0]?.videoVariants[0]?.url).toMatch(/\.mp4/);
    expect(page.nextToken).toBe('3639831059405682409_59042353222');
    expect(page.owner).toMatchObject({ username: 'carsoncantcode', fullName: 'Carson Szeder', isVerified: true });
  });

  it("Instagram items: an unreadable `owner` costs nothing beside a readable `user`; an unreadable `user` yields to `owner`, then the page's profile", () => {
    const seed = readFixture('aisa', 'seed-user-posts.json') as { items: Record<string, unknown>[]; user: unknown };
    const [item = {}] = seed.items;
    const { username: _dropped, ...nameless } = item.user as Record<string, unknown>;
    const pageOf = (changes: Record<string, unknown>, user: unknown = seed.user) =>
      mapAisaPage(aisaResponse.parse({ ...seed, user, items: [{ ...item, ...changes }] }));

    const ownerIdOnly = pageOf({ owner: { id: '59042353222' } });
    expect(ownerIdOnly.items.map((post) => post.author.username)).toEqual(['carsoncantcode']);
    expect(ownerIdOnly.dropped).toBeUndefined();
    expect(pageOf({ user: nameless }).items[0]?.author).toMatchObject({ username: 'carsoncantcode', fullName: 'Carson Szeder' });
    expect(pageOf({ user: nameless, owner: undefined }).items[0]?.author.username).toBe('carsoncantcode');

    const authorless = pageOf({ user: nameless, owner: { id: '59042353222' } }, null);
    expect(authorless.items).toEqual([]);
    expect(authorless.dropped).toEqual([{ index: 0, position: 0, reason: expect.stringMatching(/^user\.username: /) }]);
  });

  it('JustOneAPI: the `code: 0` envelope unwraps, and the carousel keeps its items and the pagination token', () => {
    const answer = envelope.parse(readFixture('justoneapi', 'seed-user-posts.json'));
    expect(answer.code).toBe(0);
    const page = mapJustOnePage(userPostsData.parse(answer.data));
    expect(page.items[0]).toMatchObject({ mediaType: 'CAROUSEL', text: '🐶', likeCount: 58557, replyCount: 772, shareCount: 1343 });
    expect(page.items[0]?.media).toHaveLength(1);
    expect(page.nextToken).toMatch(/^Ik1IBB8p/);
    expect(page.owner?.username).toBe('yifei_cc');
  });

  it('Threads Graph: the documented examples parse and Meta\'s "+0000" timestamps map to real dates', () => {
    for (const file of ['seed-me-threads.json', 'seed-profile-posts.json']) {
      const [post] = mapGraphPage(pagedMedia.parse(readFixture('threads-graph', file)), mapGraphPost).items;
      expect(post).toMatchObject({
        nativeId: '1234567',
        text: 'Today Is Monday',
        topicTag: 'Mondays',
        mediaType: 'TEXT',
        shortcode: 'abcdefg',
      });
      expect(post?.createdAt.toISOString()).toBe('2023-10-17T05:42:03.000Z');
    }
    expect(mapGraphPost(threadsMedia.parse(readFixture('threads-graph', 'seed-media.json'))).createdAt.toISOString()).toBe(
      '2023-10-09T23:18:27.000Z',
    );
  });

  it('threads-web: the public user, replies tab, thread and likers examples parse and map', () => {
    const user = publicUserResponse.parse(readFixture('threads-web', 'seed-public-user.json')).data?.userData?.user;
    expect(mapWebUser(user!)).toMatchObject({ nativeId: '314216', username: 'zuck', followerCount: 2663947, isVerified: true });
    const tab = publicThreadsResponse.parse(readFixture('threads-web', 'seed-public-user-replies.json')).data?.mediaData?.threads;
    const [reply] = mapProfileReplies(tab!).items;
    expect(reply?.post).toMatchObject({ text: 'Definitely Volk', replyToUsername: 'intense0ne', isReply: true });
    // No fragment lists the tag, so the map leaves it to the graph, which reads it from the text when asked.
    expect(reply?.parent?.embedded?.hashtags).toBeNull();
    expect(hashtagsIn(reply?.parent?.embedded?.text ?? null)).toEqual(['UFC290']);
    const thread = publicThreadResponse.parse(readFixture('threads-web', 'seed-public-thread.json')).data?.data;
    expect(mapThread(thread!).root.nativeId).toBe('3141055616164096839');
    expect(directReplies(mapConversation(thread!, null), '3141055616164096839').items[0]).toMatchObject({
      depth: 1,
      post: { text: 'Glad to know, Everyone is worrying for that.' },
    });
    expect(
      publicLikersResponse.parse(readFixture('threads-web', 'seed-public-likers.json')).data?.likers?.users.entries[0]?.value.username,
    ).toBe('niyod_couture');
  });

  it('threads-web: mobile payloads keep 64-bit ids exact although JSON.parse rounds their numeric pk', () => {
    const text = readFixtureText('threads-web', 'seed-private-user-threads.json');
    const parsed = privateThreadsResponse.parse(JSON.parse(text));
    const [post] = mapProfilePosts(parsed.threads).items;
    expect(text).toContain('"pk": 3143857175171939857');
    expect(post?.nativeId).toBe('3143857175171939857');
    expect(mapWebUser(privateUserResponse.parse(readFixture('threads-web', 'seed-private-user.json')).user)).toMatchObject({
      nativeId: '314216',
      followingCount: 313,
      postCount: 283,
    });
    for (const file of [
      'seed-private-followers.json',
      'seed-private-following.json',
      'seed-private-search.json',
      'seed-private-likers.json',
    ]) {
      expect(mapUsersPage(privateUsersResponse.parse(readFixture('threads-web', file))).items.length).toBeGreaterThan(0);
    }
    // The seed's only reply thread holds the reply without its parent: not a reply the graph can place, and not a bad item.
    expect(mapProfileReplies(privateThreadsResponse.parse(readFixture('threads-web', 'seed-private-user-replies.json')).threads)).toEqual({
      items: [],
      dropped: [],
    });
  });
});

describe('generated data sets (fixtures/<provider>/dataset.json)', () => {
  it('Threads Graph: every profile and media object parses and maps', () => {
    const dataset = readFixture<{ profiles: Record<string, unknown>; media: Record<string, unknown> }>('threads-graph', 'dataset.json');
    for (const raw of Object.values(dataset.profiles))
      if (!(raw as { private?: boolean }).private) expect(mapProfile(profile.parse(raw)).username).toBeTruthy();
    const posts = Object.values(dataset.media).map((raw) => mapGraphPost(threadsMedia.parse(raw)));
    expect(posts.length).toBeGreaterThan(60);
    posts.forEach(expectWellFormed);
    expect(new Set(posts.map((post) => post.mediaType))).toEqual(new Set(['TEXT', 'IMAGE', 'VIDEO', 'CAROUSEL', 'REPOST']));
  });

  it.each(['sociavault', 'aisa', 'justoneapi'] as const)('%s: every item parses with the shared Instagram schema and maps', (provider) => {
    const dataset = readFixture<{ users: Record<string, { posts?: unknown[]; items?: unknown[]; user?: unknown }> }>(
      provider,
      'dataset.json',
    );
    const platform = provider === 'sociavault' ? 'THREADS' : 'INSTAGRAM';
    for (const account of Object.values(dataset.users)) {
      const items = (account.posts ?? account.items ?? []).map((raw) => {
        const unkeyed =
          provider === 'sociavault'
            ? sociavaultResponse.parse({ data: { posts: [raw] } }).data.posts.entries[0]?.value
            : igMedia.parse(raw);
        return mapIgMedia(unkeyed!, { platform, source: provider });
      });
      items.forEach(expectWellFormed);
      if (account.user) expect(mapIgUser(igUser.parse(account.user), { platform, source: provider }, true).username).toBeTruthy();
    }
  });

  it('threads-web: every stored post parses in both its public and mobile shape', () => {
    const dataset = readFixture<{
      posts: Record<string, { public: unknown; private: unknown }>;
      conversations: Record<string, string[][]>;
    }>('threads-web', 'dataset.json');
    for (const shapes of Object.values(dataset.posts)) {
      expectWellFormed(mapIgMedia(igMedia.parse(shapes.public), { platform: 'THREADS', source: 'threads-web' }));
      expectWellFormed(mapIgMedia(igMedia.parse(shapes.private), { platform: 'THREADS', source: 'threads-web' }));
    }
    const conversationIds = Object.entries(dataset.conversations).flatMap(([rootId, chains]) => [rootId, ...chains.flat()]);
    expect(conversationIds.length).toBeGreaterThan(0);
    expect(conversationIds.filter((id) => !(id in dataset.posts))).toEqual([]);
  });
});
