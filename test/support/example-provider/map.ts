import { userByHandle, type Page, type Post, type User } from '../../../src/domain.js';
import { codeForStatus, type VendorError } from '../../../src/providers/http.js';
import { droppedOf, mapChecked } from '../../../src/providers/items.js';
import { EXAMPLE_ID } from './id.js';
import { errorBody, type PostsResponse } from './payloads.js';

function mapUser(response: PostsResponse): User {
  return userByHandle('THREADS', response.user.handle, EXAMPLE_ID, {
    fullName: response.user.name ?? null,
    followerCount: response.user.followers ?? null,
    isComplete: true,
  });
}

/** One page of a user's posts; the profile rides along on every page, as `owner`. */
export function mapPostsPage(response: PostsResponse): Page<Post> {
  const author = mapUser(response);
  const { items, dropped } = mapChecked(
    response.posts,
    (post): Post => ({
      platform: 'THREADS',
      nativeId: post.id,
      shortcode: null,
      url: null,
      author,
      text: post.text ?? null,
      createdAt: new Date(post.created_at),
      mediaType: 'TEXT',
      media: [],
      likeCount: post.likes ?? null,
      replyCount: null,
      repostCount: null,
      quoteCount: null,
      shareCount: null,
      viewCount: null,
      isReply: false,
      replyTo: null,
      replyToUsername: null,
      quotedPost: null,
      repostedPost: null,
      hashtags: null,
      mentions: null,
      topicTag: null,
      linkAttachment: null,
      source: EXAMPLE_ID,
    }),
  );
  return { items, nextToken: response.next_cursor ?? null, owner: author, ...droppedOf(dropped) };
}

export function parseError(status: number, body: unknown): VendorError | null {
  const parsed = errorBody.safeParse(body);
  return parsed.success ? { code: codeForStatus(status), message: parsed.data.message } : null;
}
