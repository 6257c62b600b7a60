import { userByHandle, type Page, type Post, type User } from '../../domain.js';
import { codeForStatus, type VendorError } from '../http.js';
import { mapIgMedia, mapIgUser } from '../instagram-media/map.js';
import { authorOf } from '../instagram-media/payloads.js';
import { droppedOf, mapChecked } from '../items.js';
import { errorBody, type UserPostsResponse } from './payloads.js';

const CONTEXT = { platform: 'THREADS', source: 'sociavault' } as const;

/** One call returns the latest posts, unpaged; every post is the requested account's, so it is their author when a post omits `user`. */
export function mapPostsPage(response: UserPostsResponse, handle: string): Page<Post> {
  const context = { ...CONTEXT, fallbackAuthor: { username: handle, hd_profile_pic_versions: [] } };
  const { items, dropped } = mapChecked(response.data.posts, (post) => mapIgMedia(post, context));
  return { items, nextToken: null, owner: mapUser(response, handle), ...droppedOf(dropped) };
}

/** The posts endpoint is the only one: the profile comes from the posts' author, or just the handle when there are none. */
export function mapUser(response: UserPostsResponse, handle: string): User {
  for (const entry of response.data.posts.entries) {
    const author = authorOf(entry.value);
    if (author) return { ...mapIgUser(author, CONTEXT, false), isComplete: true };
  }
  return userByHandle('THREADS', handle, 'sociavault', { postCount: 0, isComplete: true });
}

export function creditsUsedBy(response: UserPostsResponse): number {
  return response.credits_used ?? 0;
}

/** 402 carries `required`/`available`; 400/401/500 carry only `error`. */
export function parseError(status: number, body: unknown): VendorError | null {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return null;
  const { error, required, available } = parsed.data;
  if (status === 402) {
    return { code: 'INSUFFICIENT_CREDITS', message: error, details: { required: required ?? null, available: available ?? null } };
  }
  return { code: codeForStatus(status), message: error };
}
