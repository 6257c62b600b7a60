import { userByHandle, type Post, type User } from '../../domain.js';
import { codeForStatus, type VendorError } from '../http.js';
import { mapIgMedia, mapIgUser } from '../instagram-media/map.js';
import { errorBody, type UserPostsResponse } from './payloads.js';

const CONTEXT = { platform: 'THREADS', source: 'sociavault' } as const;

export function mapPosts(response: UserPostsResponse): Post[] {
  return response.data.posts.map((post) => mapIgMedia(post, CONTEXT));
}

/** The posts endpoint is the only one: the profile comes from the posts' author, or just the handle when there are none. */
export function mapUser(response: UserPostsResponse, handle: string): User {
  const author = response.data.posts[0]?.user;
  if (author) return { ...mapIgUser(author, CONTEXT, false), isComplete: true };
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
