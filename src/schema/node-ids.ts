import type { z } from 'zod';
import { PLATFORMS, type Platform, type Post, type User } from '../domain.js';
import { badUserInput } from '../errors.js';
import { PLATFORM_RULES, type PlatformRules } from '../platforms.js';

/**
 * Users are keyed by platform + username because not every vendor exposes numeric user ids
 * (Threads' profile_lookup does not), while every vendor returns the handle.
 */
export function userNodeId(user: User): string {
  return `${user.platform}:${PLATFORM_RULES[user.platform].canonicalHandle(user.username)}`;
}

/**
 * Posts (and the threads they start) are keyed by platform, native id and their author's handle: the
 * Instagram vendors have no post endpoint, so a post is found again in its author's timeline.
 */
export function postNodeId(post: Post): string {
  return `${post.platform}:${post.nativeId}@${PLATFORM_RULES[post.platform].canonicalHandle(post.author.username)}`;
}

/** Splits a decoded global id and validates its key by its platform's rules, before it reaches any vendor URL. */
export function parseNodeId(
  id: string,
  keySchemaOf: (rules: PlatformRules) => z.ZodType<string, string>,
): { platform: Platform; key: string } {
  const separator = id.indexOf(':');
  const platform = id.slice(0, separator);
  if (separator < 1 || !isPlatform(platform)) throw badUserInput('Not an id this API issued.');
  const key = keySchemaOf(PLATFORM_RULES[platform]).safeParse(id.slice(separator + 1));
  if (!key.success) throw badUserInput('Not an id this API issued.');
  return { platform, key: key.data };
}

function isPlatform(name: string): name is Platform {
  return (PLATFORMS as readonly string[]).includes(name);
}

/** A post id: `PLATFORM:nativeId@owner`, or (issued before owners were added) `PLATFORM:nativeId`, whose owner is null. */
export function parsePostNodeId(id: string): { platform: Platform; nativeId: string; owner: string | null } {
  const at = id.lastIndexOf('@');
  const { platform, key: nativeId } = parseNodeId(at < 0 ? id : id.slice(0, at), (rules) => rules.postId);
  if (at < 0) return { platform, nativeId, owner: null };
  const owner = PLATFORM_RULES[platform].handle.safeParse(id.slice(at + 1));
  if (!owner.success) throw badUserInput('Not an id this API issued.');
  return { platform, nativeId, owner: owner.data };
}
