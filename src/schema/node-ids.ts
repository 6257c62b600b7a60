import type { z } from 'zod';
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

/** Splits a decoded global id and validates its key like the matching argument, before it reaches any vendor URL. */
export function parseNodeId(id: string, keySchema: z.ZodType<string>): { platform: Platform; key: string } {
  const separator = id.indexOf(':');
  const platform = id.slice(0, separator);
  const key = keySchema.safeParse(id.slice(separator + 1));
  if (separator < 1 || !key.success || !(PLATFORMS as readonly string[]).includes(platform)) throw badUserInput('Not an id this API issued.');
  return { platform: platform as Platform, key: key.data };
}
