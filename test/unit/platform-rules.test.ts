import { describe, expect, it } from 'vitest';
import { postUrl, profileUrl } from '../../src/domain.js';
import { PLATFORM_RULES } from '../../src/platforms.js';
import { shortcodeFromUrl } from '../../src/schema/arguments.js';

describe('platform rules', () => {
  it('builds profile and post links per platform', () => {
    expect(profileUrl('THREADS', 'zuck')).toBe('https://www.threads.net/@zuck');
    expect(postUrl('THREADS', 'zuck', 'CuYMHFLrF0w')).toBe('https://www.threads.net/@zuck/post/CuYMHFLrF0w');
    expect(profileUrl('INSTAGRAM', 'natgeo')).toBe('https://www.instagram.com/natgeo/');
    expect(postUrl('INSTAGRAM', 'natgeo', 'DKSMEpKRd6h')).toBe('https://www.instagram.com/p/DKSMEpKRd6h/');
  });

  it('reads a permalink as the platform of its host, whichever Meta path it uses', () => {
    expect(shortcodeFromUrl('https://threads.net/p/CuYMHFLrF0w')).toEqual({ platform: 'THREADS', shortcode: 'CuYMHFLrF0w' });
    expect(shortcodeFromUrl('https://www.instagram.com/t/DKSMEpKRd6h')).toEqual({ platform: 'INSTAGRAM', shortcode: 'DKSMEpKRd6h' });
    expect(shortcodeFromUrl('https://www.instagram.com/@natgeo/post/DKSMEpKRd6h')).toEqual({
      platform: 'INSTAGRAM',
      shortcode: 'DKSMEpKRd6h',
    });
  });

  it('gives one canonical handle however a handle is spelled', () => {
    expect(PLATFORM_RULES.THREADS.handle.parse(' @Zuck ')).toBe('zuck');
    expect(PLATFORM_RULES.INSTAGRAM.canonicalHandle('@NatGeo')).toBe('natgeo');
  });
});
