import type { ProviderId } from '../domain.js';

/**
 * The vendor operations each provider names in `calls.once(…)` (src/providers/<id>/index.ts), which a quota may
 * single out; test/unit/quota-config.test.ts checks this list against the providers' sources.
 */
export const VENDOR_OPERATIONS: Record<ProviderId, readonly string[]> = {
  'threads-graph': ['profileLookup', 'me', 'profilePosts', 'ownThreads', 'media', 'conversation', 'replies'],
  sociavault: ['userPosts'],
  aisa: ['userPosts'],
  justoneapi: ['userPosts'],
  'threads-web': [
    'followers',
    'following',
    'likers',
    'mediaLikers',
    'postPage',
    'profilePage',
    'profileReplies',
    'profileThreads',
    'replies',
    'thread',
    'user',
    'userInfo',
    'userReplies',
    'userSearch',
    'userThreads',
  ],
};
