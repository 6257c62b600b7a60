import { describe, expect, it } from 'vitest';
import { readFixture } from '../../src/demo/fixtures.js';
import { graphFields, pagedMedia, threadsMedia } from '../../src/providers/threads-graph/payloads.js';
import { mapPost } from '../../src/providers/threads-graph/map.js';

const textPost = { id: '1', media_type: 'TEXT_POST', username: 'zuck', timestamp: '2026-02-24T02:26:40+0000' };

describe('Threads Graph fields= from the payload schema', () => {
  it('names every field the schema reads, nested objects and the children edge in braces', () => {
    const fields = graphFields(threadsMedia);
    expect(fields).toContain('owner{id}');
    expect(fields).toContain('children{id,media_type,media_url,thumbnail_url,alt_text}');
    const topLevel = fields.replace(/\{[^}]*\}/g, '').split(',');
    expect(topLevel).toEqual(Object.keys(threadsMedia.shape));
  });

  it('leaves out what an endpoint omits from the schema', () => {
    const topLevel = graphFields(threadsMedia.omit({ owner: true, is_reply: true })).replace(/\{[^}]*\}/g, '').split(',');
    expect(topLevel).not.toContain('owner');
    expect(topLevel).not.toContain('is_reply');
    expect(topLevel).toContain('topic_tag');
  });
});

describe('Threads Graph media objects', () => {
  it('reject a post without username instead of giving it an empty handle', () => {
    const parsed = threadsMedia.safeParse({ id: '1', media_type: 'TEXT_POST', timestamp: '2026-02-24T02:26:40+0000' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['username']);
  });

  it('take the author id from owner, as in the documented /me/threads example', () => {
    const [post] = pagedMedia.parse(readFixture('threads-graph', 'seed-me-threads.json')).data.map(mapPost);
    expect(post?.author).toMatchObject({ username: 'threadsapitestuser', nativeId: '1234567' });
  });

  it('keep the alt text of each carousel child', () => {
    const post = mapPost(
      threadsMedia.parse({
        ...textPost,
        media_type: 'CAROUSEL_ALBUM',
        children: { data: [{ id: '11', media_type: 'IMAGE', media_url: 'https://cdn.example/1.jpg', alt_text: 'First' }, { id: '12', media_type: 'VIDEO', media_url: 'https://cdn.example/2.mp4' }] },
      }),
    );
    expect(post.media.map((media) => [media.type, media.altText])).toEqual([
      ['IMAGE', 'First'],
      ['VIDEO', null],
    ]);
  });
});
