import { z } from 'zod';
import { PLATFORMS, type Platform } from '../domain.js';
import { PLATFORM_RULES, type PlatformRules } from '../platforms.js';

type ArgumentSchema = z.ZodType<string, string>;

/**
 * Arguments are checked before the platform argument is known to them, so each accepts what some platform
 * accepts: the platforms' one shared schema (and its message) when they agree, else any of theirs.
 */
function acceptedOnAnyPlatform(schemaOf: (rules: PlatformRules) => ArgumentSchema): ArgumentSchema {
  const [first, ...others] = [...new Set(PLATFORMS.map((platform) => schemaOf(PLATFORM_RULES[platform])))];
  if (!first) throw new Error('no platform is defined');
  return others.length === 0 ? first : z.union([first, ...others]);
}

/** A handle, with or without "@"; parses to the canonical handle. */
export const usernameSchema = acceptedOnAnyPlatform((rules) => rules.handle);

export const nativeIdSchema = acceptedOnAnyPlatform((rules) => rules.postId);

/** A user id, or "me" for the account whose Threads Graph token is configured. */
export const userIdSchema = z.union([z.literal('me'), nativeIdSchema], { error: 'must be a numeric user id or "me"' });

export const shortcodeSchema = acceptedOnAnyPlatform((rules) => rules.shortcode);

export const searchQuerySchema = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** Reads the shortcode (and platform) from a post's permalink. */
export function shortcodeFromUrl(url: string): { platform: Platform; shortcode: string } | null {
  for (const platform of PLATFORMS) {
    const shortcode = PLATFORM_RULES[platform].shortcodeFromUrl(url);
    if (shortcode) return { platform, shortcode };
  }
  return null;
}
