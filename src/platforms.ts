import { z } from 'zod';
import type { Platform } from './domain.js';

/**
 * What feedgraph knows about a platform without asking a vendor: how its handles and ids look, how its
 * links are built and read back. Adding a platform is one entry here, which the `Record` makes the compiler ask for.
 */
export interface PlatformRules {
  /** A handle as a client may write it; parses to the canonical handle (see `canonicalHandle`). */
  handle: z.ZodType<string, string>;
  /** The handle one account has however it is spelled: the key of its lists, cursors and loader calls. */
  canonicalHandle: (handle: string) => string;
  /** What a post's native id looks like. */
  postId: z.ZodType<string, string>;
  /** What the code in a post's permalink looks like. */
  shortcode: z.ZodType<string, string>;
  /** The shortcode in one of this platform's post permalinks, or null when the URL is not one. */
  shortcodeFromUrl: (url: string) => string | null;
  profileUrl: (username: string) => string;
  /** The public page of a post, for vendors that give its shortcode but no link. */
  postUrl: (username: string, shortcode: string) => string;
}

/** Meta handles are case-insensitive and written with or without "@". */
const metaCanonicalHandle = (handle: string) => handle.replace(/^@/, '').toLowerCase();

/** Usernames on both Meta platforms: letters, digits, dots and underscores, at most 30. Checked before any URL is built. */
const META_HANDLE = z
  .string()
  .trim()
  .regex(/^@?[A-Za-z0-9._]{1,30}$/, 'must be a username: 1–30 letters, digits, "." or "_"')
  .transform(metaCanonicalHandle);

/** Native ids are numeric; Instagram media ids may carry an "_ownerId" suffix. */
const META_POST_ID = z
  .string()
  .trim()
  .regex(/^\d{1,25}(_\d{1,25})?$/, 'must be a numeric id');

const META_SHORTCODE = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{5,40}$/, 'must be a post shortcode');

// Either platform's host with any of the Meta permalink paths (/@user/post/, /t/, /p/, /reel/) is read.
const META_POST_PATH = String.raw`\/(?:@[A-Za-z0-9._]+\/post|t|p|reel)\/([A-Za-z0-9_-]+)\/?(?:[?#].*)?$`;
const THREADS_POST_URL = new RegExp(String.raw`^https:\/\/(?:www\.)?(?:threads\.net|threads\.com)` + META_POST_PATH);
const INSTAGRAM_POST_URL = new RegExp(String.raw`^https:\/\/(?:www\.)?instagram\.com` + META_POST_PATH);

const shortcodeMatching = (permalink: RegExp) => (url: string) => permalink.exec(url)?.[1] || null;

const threadsProfileUrl = (username: string) => `https://www.threads.net/@${username}`;

export const PLATFORM_RULES: Record<Platform, PlatformRules> = {
  THREADS: {
    handle: META_HANDLE,
    canonicalHandle: metaCanonicalHandle,
    postId: META_POST_ID,
    shortcode: META_SHORTCODE,
    shortcodeFromUrl: shortcodeMatching(THREADS_POST_URL),
    profileUrl: threadsProfileUrl,
    postUrl: (username, shortcode) => `${threadsProfileUrl(username)}/post/${shortcode}`,
  },
  INSTAGRAM: {
    handle: META_HANDLE,
    canonicalHandle: metaCanonicalHandle,
    postId: META_POST_ID,
    shortcode: META_SHORTCODE,
    shortcodeFromUrl: shortcodeMatching(INSTAGRAM_POST_URL),
    profileUrl: (username) => `https://www.instagram.com/${username}/`,
    postUrl: (_username, shortcode) => `https://www.instagram.com/p/${shortcode}/`,
  },
};
