import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { threadsWorld, type CanonicalPost } from '../../fixtures/generate/canonical.js';
import { PollAndGifPostFieldsQuery, TokenAccountPostFieldsQuery, UserPostFieldsQuery } from '../documents/threads-graph-fields.js';
import { DEMO_CREDENTIALS, envFor, useFakeUpstreams, withYoga } from '../support/graph-server.js';
import { present } from '../support/present.js';

const zuck = threadsWorld().accounts[0]!;
const firstTen = zuck.posts.slice(0, 10);
const pollPost = firstTen.find((post) => post.poll)!;
const gifPost = firstTen.find((post) => post.gifUrl)!;

const fakes = useFakeUpstreams();

const CHILDREN = 'children{id,media_type,media_url,thumbnail_url,alt_text}';
const POLL =
  'poll_attachment{option_a,option_b,option_c,option_d,option_a_votes_percentage,option_b_votes_percentage,option_c_votes_percentage,option_d_votes_percentage,total_votes,expiration_timestamp}';
const BEFORE_OWNER = 'id,media_type,media_url,permalink,username';
const AFTER_OWNER = `text,timestamp,shortcode,thumbnail_url,${CHILDREN},quoted_post,reposted_post,alt_text,link_attachment_url,gif_url,${POLL},topic_tag`;
const REPLY = 'is_reply,root_post,replied_to';

interface PostNode {
  nativeId: string;
  mediaType: string;
  topicTag: string | null;
  author: { username: string; nativeId: string | null };
  poll: { options: { text: string; voteShare: number | null }[]; totalVotes: number | null; expiresAt: string | null } | null;
  media: { type: string; url: string | null; altText: string | null }[];
}

function fieldsAskedOf(path: string, since: number): string | undefined {
  return fakes.servers['threads-graph'].requests.slice(since).find((recorded) => recorded.path === path)?.query.fields;
}

/** What the graph should show for a demo post, from the canonical world the fake's data is rendered from. */
function expectedNode(post: CanonicalPost, authorNativeId: string | null): PostNode {
  const altText = post.altText;
  const media = post.items.map((item) => ({
    type: item.kind === 'video' ? 'VIDEO' : 'IMAGE',
    url: item.video?.url ?? item.image.url,
    altText,
  }));
  return {
    nativeId: post.id,
    mediaType: { text: 'TEXT', reply: 'TEXT', quote: 'TEXT', image: 'IMAGE', video: 'VIDEO', carousel: 'CAROUSEL', repost: 'REPOST' }[
      post.kind
    ],
    topicTag: post.topicTag,
    author: { username: 'zuck', nativeId: authorNativeId },
    poll: post.poll
      ? {
          options: post.poll.options.map((option) => ({ text: option.text, voteShare: option.share })),
          totalVotes: post.poll.totalVotes,
          expiresAt: new Date(post.poll.expiresAt * 1000).toISOString(),
        }
      : null,
    media: post.gifUrl ? [...media, { type: 'GIF', url: post.gifUrl, altText: null }] : media,
  };
}

describe('Threads Graph fields= per endpoint, and what they bring into the graph', () => {
  it('/me/threads asks for owner but no reply fields, and the demo posts show poll, topic tag, alt text and the GIF', async () => {
    const since = fakes.servers['threads-graph'].requests.length;
    await withYoga(envFor(fakes, ['threads-graph']), async (graph) => {
      const result = await graph.query(TokenAccountPostFieldsQuery);
      expect(result.errors).toBeUndefined();
      expect(fieldsAskedOf('/v1.0/me/threads', since)).toBe(`${BEFORE_OWNER},owner{id},${AFTER_OWNER}`);
      expect(result.data?.user?.posts?.edges.map((edge) => edge.node)).toEqual(firstTen.map((post) => expectedNode(post, zuck.user.id)));
    });
    expect(pollPost.poll?.options).toHaveLength(3);
    expect(new Set(firstTen.map((post) => post.kind))).toEqual(new Set(['text', 'image', 'carousel', 'video', 'quote', 'repost']));
    expect(firstTen.some((post) => post.topicTag)).toBe(true);
  });

  it('/profile_posts asks for the same fields without owner, which Meta does not allow there', async () => {
    const since = fakes.servers['threads-graph'].requests.length;
    await withYoga(envFor(fakes, ['threads-graph']), async (graph) => {
      const result = await graph.query(UserPostFieldsQuery, { username: 'zuck' });
      expect(result.errors).toBeUndefined();
      expect(fieldsAskedOf('/v1.0/profile_posts', since)).toBe(`${BEFORE_OWNER},${AFTER_OWNER}`);
      expect(result.data?.user?.posts?.edges.map((edge) => edge.node)).toEqual(firstTen.map((post) => expectedNode(post, null)));
    });
  });

  it('/{media-id} asks for owner and the reply fields; its /replies everything but owner', async () => {
    const since = fakes.servers['threads-graph'].requests.length;
    await withYoga(envFor(fakes, ['threads-graph']), async (graph) => {
      const result = await graph.query(PollAndGifPostFieldsQuery, { pollId: pollPost.id, gifId: gifPost.id });
      expect(result.errors).toBeUndefined();
      expect(fieldsAskedOf(`/v1.0/${pollPost.id}`, since)).toBe(`${BEFORE_OWNER},owner{id},${AFTER_OWNER},${REPLY}`);
      expect(fieldsAskedOf(`/v1.0/${pollPost.id}/replies`, since)).toBe(`${BEFORE_OWNER},${AFTER_OWNER},${REPLY}`);
      const { replies, ...poll } = present(result.data?.poll, 'the poll post');
      expect(poll).toEqual(expectedNode(pollPost, zuck.user.id));
      expect(replies?.edges).toEqual([]);
      expect(result.data?.gif).toEqual(expectedNode(gifPost, zuck.user.id));
    });
  });

  it("the fake answers owner on /profile_posts with Meta's (#100) error envelope", async () => {
    const url = new URL(`${fakes.providerSettings.threadsGraph!.baseUrl}/profile_posts`);
    url.search = new URLSearchParams({
      username: 'zuck',
      fields: 'id,owner{id}',
      access_token: DEMO_CREDENTIALS.threadsGraphAccessToken,
    }).toString();
    const response = await request(url);
    expect(response.statusCode).toBe(400);
    expect(await response.body.json()).toMatchObject({
      error: { code: 100, type: 'THApiException', message: expect.stringMatching(/\(owner\)/) },
    });
  });
});
