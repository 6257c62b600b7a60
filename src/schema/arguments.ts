import { z } from 'zod';

/** Usernames on both platforms: letters, digits, dots and underscores, at most 30. Checked before any URL is built. */
export const usernameSchema = z
  .string()
  .trim()
  .regex(/^@?[A-Za-z0-9._]{1,30}$/, 'must be a username: 1–30 letters, digits, "." or "_"')
  .transform((username) => username.replace(/^@/, '').toLowerCase());

/** Native ids are numeric; Instagram media ids may carry an "_ownerId" suffix. */
export const nativeIdSchema = z.string().trim().regex(/^\d{1,25}(_\d{1,25})?$/, 'must be a numeric id');

/** A user id, or "me" for the account whose Threads Graph token is configured. */
export const userIdSchema = z.union([z.literal('me'), nativeIdSchema], { error: 'must be a numeric user id or "me"' });

export const shortcodeSchema = z.string().trim().regex(/^[A-Za-z0-9_-]{5,40}$/, 'must be a post shortcode');

export const searchQuerySchema = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

const POST_URL = /^https:\/\/(?:www\.)?(threads\.net|threads\.com|instagram\.com)\/(?:@[A-Za-z0-9._]+\/post|t|p|reel)\/([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/;

/** Reads the shortcode (and platform) from a post's permalink. */
export function shortcodeFromUrl(url: string): { platform: 'THREADS' | 'INSTAGRAM'; shortcode: string } | null {
  const match = POST_URL.exec(url);
  if (!match?.[1] || !match[2]) return null;
  return { platform: match[1] === 'instagram.com' ? 'INSTAGRAM' : 'THREADS', shortcode: match[2] };
}
