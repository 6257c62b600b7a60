import { describe, expect, it } from 'vitest';
import { readFixture } from '../../src/demo/fixtures.js';
import { graphFields, pagedMedia, threadsMedia } from '../../src/providers/threads-graph/payloads.js';
import { mapPage, mapPoll, mapPost } from '../../src/providers/threads-graph/map.js';

const textPost = { id: '1', media_type: 'TEXT_POST', username: 'zuck', timestamp: '2026-02-24T02:26:40+0000' };

describe('Threads Graph fields= from the payload schema', () => {
  it('names every field the schema reads, nested objects and the children edge in braces', () => {
    const fields = graphFields(threadsMedia);
    expect(fields).toContain('owner{id}');
    expect(fields).toContain('children{id,media_type,media_url,thumbnail_url,alt_text}');
    expect(fields).toContain(
      'poll_attachment{option_a,option_b,option_c,option_d,option_a_votes_percentage,option_b_votes_percentage,option_c_votes_percentage,option_d_votes_percentage,total_votes,expiration_timestamp}',
    );
    const topLevel = fields.replace(/\{[^}]*\}/g, '').split(',');
    expect(topLevel).toEqual(Object.keys(threadsMedia.shape));
  });

  it('leaves out what an endpoint omits from the schema', () => {
    const topLevel = graphFields(threadsMedia.omit({ owner: true, is_reply: true }))
      .replace(/\{[^}]*\}/g, '')
      .split(',');
    expect(topLevel).not.toContain('owner');
    expect(topLevel).not.toContain('is_reply');
    expect(topLevel).toContain('gif_url');
  });
});

describe('Threads Graph media objects', () => {
  it('reject a post without username instead of giving it an empty handle', () => {
    const parsed = threadsMedia.safeParse({ id: '1', media_type: 'TEXT_POST', timestamp: '2026-02-24T02:26:40+0000' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['username']);
  });

  it('take the author id from owner, as in the documented /me/threads example', () => {
    const [post] = mapPage(pagedMedia.parse(readFixture('threads-graph', 'seed-me-threads.json')), mapPost).items;
    expect(post?.author).toMatchObject({ username: 'threadsapitestuser', nativeId: '1234567' });
  });

  it("map Meta's documented poll example: four options in order with their vote shares, the total and the expiry", () => {
    const example = threadsMedia.pick({ id: true, poll_attachment: true }).parse(readFixture('threads-graph', 'doc-poll-media.json'));
    const poll = mapPoll(example.poll_attachment);
    expect(poll).toEqual({
      options: [
        { text: 'first option', voteShare: 0.1 },
        { text: 'second option', voteShare: 0.2 },
        { text: 'third option', voteShare: 0.15 },
        { text: 'fourth option', voteShare: 0.55 },
      ],
      totalVotes: 100,
      expiresAt: new Date('2025-01-01T23:00:00Z'),
    });
  });

  it('map a two-option poll without options C and D, and without the fields Meta left out', () => {
    const post = mapPost(threadsMedia.parse({ ...textPost, poll_attachment: { option_a: 'Yes', option_b: 'No' } }));
    expect(post.poll).toEqual({
      options: [
        { text: 'Yes', voteShare: null },
        { text: 'No', voteShare: null },
      ],
      totalVotes: null,
      expiresAt: null,
    });
    expect(mapPost(threadsMedia.parse(textPost)).poll).toBeNull();
  });

  it('reject a poll without its first two options', () => {
    expect(threadsMedia.safeParse({ ...textPost, poll_attachment: { option_a: 'Only one' } }).success).toBe(false);
  });

  it('give a GIF post one GIF media item with the alt text, the post staying TEXT', () => {
    const post = mapPost(
      threadsMedia.parse({ ...textPost, gif_url: 'https://media.giphy.com/media/abc/giphy.gif', alt_text: 'A cat waving' }),
    );
    expect(post.mediaType).toBe('TEXT');
    expect(post.media).toEqual([
      expect.objectContaining({
        type: 'GIF',
        url: 'https://media.giphy.com/media/abc/giphy.gif',
        altText: 'A cat waving',
        videoVariants: [],
      }),
    ]);
  });

  it('keep a GIF beside an image rather than dropping either', () => {
    const post = mapPost(
      threadsMedia.parse({
        ...textPost,
        media_type: 'IMAGE',
        media_url: 'https://cdn.example/1.jpg',
        alt_text: 'A photo',
        gif_url: 'https://media.giphy.com/media/abc/giphy.gif',
      }),
    );
    expect(post.media.map((media) => [media.type, media.altText])).toEqual([
      ['IMAGE', 'A photo'],
      ['GIF', null],
    ]);
  });

  it('keep the alt text of each carousel child', () => {
    const post = mapPost(
      threadsMedia.parse({
        ...textPost,
        media_type: 'CAROUSEL_ALBUM',
        children: {
          data: [
            { id: '11', media_type: 'IMAGE', media_url: 'https://cdn.example/1.jpg', alt_text: 'First' },
            { id: '12', media_type: 'VIDEO', media_url: 'https://cdn.example/2.mp4' },
          ],
        },
      }),
    );
    expect(post.media.map((media) => [media.type, media.altText])).toEqual([
      ['IMAGE', 'First'],
      ['VIDEO', null],
    ]);
  });
});
