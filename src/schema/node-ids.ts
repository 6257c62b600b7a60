import { PLATFORMS, type Platform, type Post, type User } from '../domain.js';
import { badUserInput } from '../errors.js';

/**
 * Users are keyed by platform + username because not every vendor exposes numeric user ids
 * (Threads' profile_lookup does not), while every vendor returns the handle.
 */
export function userNodeId(user: User): string {
  return `${user.platform}:${user.username.toLowerCase()}`;
}

export function postNodeId(post: Post): string {
  return `${post.platform}:${post.nativeId}`;
}

export function parseNodeId(id: string): { platform: Platform; key: string } {
  const separator = id.indexOf(':');
  const platform = id.slice(0, separator);
  const key = id.slice(separator + 1);
  if (separator < 1 || !key || !(PLATFORMS as readonly string[]).includes(platform)) throw badUserInput('Not an id this API issued.');
  return { platform: platform as Platform, key };
}
