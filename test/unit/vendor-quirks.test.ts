import { describe, expect, it } from 'vitest';
import { mapIgMediaType } from '../../src/providers/instagram-media/map.js';
import { indexedObjectsToArrays } from '../../src/providers/sociavault/payloads.js';
import { parseError as parseSociaVaultError } from '../../src/providers/sociavault/map.js';
import { mapMediaType, parseError as parseMetaError, parseMetaTime } from '../../src/providers/threads-graph/map.js';
import { lsdTokenInPage, parseError as parseWebError, postIdInPostPage, userIdInProfilePage } from '../../src/providers/threads-web/map.js';
import { codeForBusinessCode } from '../../src/providers/justoneapi/map.js';
import { shortcodeFromUrl, usernameSchema } from '../../src/schema/arguments.js';

describe('vendor quirks', () => {
  it('SociaVault: objects keyed "0".."11" become arrays in numeric, not string, order', () => {
    const keyed = Object.fromEntries(Array.from({ length: 12 }, (_, index) => [String(index), { n: index }]));
    expect(indexedObjectsToArrays({ a: keyed })).toEqual({ a: Array.from({ length: 12 }, (_, index) => ({ n: index })) });
    expect(indexedObjectsToArrays({ a: { '0': 1, b: 2 } })).toEqual({ a: { '0': 1, b: 2 } });
  });

  it('SociaVault: a 402 becomes INSUFFICIENT_CREDITS carrying required and available', () => {
    expect(parseSociaVaultError(402, { error: 'Insufficient credits', required: 1, available: 0 })).toEqual({
      code: 'INSUFFICIENT_CREDITS',
      message: 'Insufficient credits',
      details: { required: 1, available: 0 },
    });
    expect(parseSociaVaultError(401, { error: 'Invalid API key' })?.code).toBe('UNAUTHENTICATED');
  });

  it('Meta: error codes decide the meaning, not only the HTTP status (190 arrives as HTTP 400)', () => {
    const body = (code: number, subcode?: number) => ({
      error: { message: 'm', type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: 'x' },
    });
    expect(parseMetaError(400, body(190))?.code).toBe('UNAUTHENTICATED');
    expect(parseMetaError(400, body(4))?.code).toBe('RATE_LIMITED');
    expect(parseMetaError(400, body(613))?.code).toBe('RATE_LIMITED');
    expect(parseMetaError(400, body(100, 33))?.code).toBe('NOT_FOUND');
    expect(parseMetaError(500, { nope: true })).toBeNull();
  });

  it('Meta: enum values map through one function with an explicit fallback', () => {
    expect(['TEXT_POST', 'IMAGE', 'VIDEO', 'CAROUSEL_ALBUM', 'AUDIO', 'REPOST_FACADE', 'SOMETHING_NEW'].map(mapMediaType)).toEqual([
      'TEXT',
      'IMAGE',
      'VIDEO',
      'CAROUSEL',
      'AUDIO',
      'REPOST',
      'TEXT',
    ]);
    expect([1, 2, 8, 19, 99, null].map(mapIgMediaType)).toEqual(['IMAGE', 'VIDEO', 'CAROUSEL', 'TEXT', 'TEXT', 'TEXT']);
    expect(parseMetaTime('2023-10-17T05:42:03+0000').toISOString()).toBe('2023-10-17T05:42:03.000Z');
    expect(parseMetaTime('2023-10-17T07:42:03+0200').toISOString()).toBe('2023-10-17T05:42:03.000Z');
    expect(parseMetaTime('2023-10-17T01:42:03-0400').toISOString()).toBe('2023-10-17T05:42:03.000Z');
    expect(parseMetaTime('2023-10-17T05:42:03+00:00').toISOString()).toBe('2023-10-17T05:42:03.000Z');
  });

  it('threads-web: ids and the lsd token are read from the pages the web app embeds them in', () => {
    expect(userIdInProfilePage('<script>{"props":{"user_id":"314216"}}</script>')).toBe('314216');
    expect(postIdInPostPage('{"post_id":"3141002295235099165"}')).toBe('3141002295235099165');
    expect(lsdTokenInPage('["LSD",[],{"token":"AVq5uAbc-1"},323]')).toBe('AVq5uAbc-1');
    expect(parseWebError(403, { message: 'login_required', status: 'fail' })?.code).toBe('UNAUTHENTICATED');
  });

  it('JustOneAPI: business codes map to error codes with a fallback', () => {
    expect([100, 301, 302, 404, 777].map(codeForBusinessCode)).toEqual([
      'UNAUTHENTICATED',
      'INSUFFICIENT_CREDITS',
      'RATE_LIMITED',
      'NOT_FOUND',
      'UPSTREAM_UNAVAILABLE',
    ]);
  });
});

describe('argument parsing', () => {
  it('accepts handles with "@", dots and underscores, and lower-cases them', () => {
    expect(usernameSchema.parse('@Zuck')).toBe('zuck');
    expect(usernameSchema.parse('hidden.account')).toBe('hidden.account');
  });

  it.each(['../etc', 'a/b', 'a?b', 'a#b', 'a%2Fb', 'a b', '', 'x'.repeat(31)])('rejects %j before any URL is built', (value) => {
    expect(usernameSchema.safeParse(value).success).toBe(false);
  });

  it('reads the platform and shortcode from Threads and Instagram permalinks', () => {
    expect(shortcodeFromUrl('https://www.threads.net/@zuck/post/CuYMHFLrF0w')).toEqual({ platform: 'THREADS', shortcode: 'CuYMHFLrF0w' });
    expect(shortcodeFromUrl('https://www.threads.com/t/CuXFPIeLLod/')).toEqual({ platform: 'THREADS', shortcode: 'CuXFPIeLLod' });
    expect(shortcodeFromUrl('https://www.instagram.com/reel/DKSMEpKRd6h/?igsh=1')).toEqual({
      platform: 'INSTAGRAM',
      shortcode: 'DKSMEpKRd6h',
    });
    expect(shortcodeFromUrl('https://evil.example/p/abc')).toBeNull();
  });
});
