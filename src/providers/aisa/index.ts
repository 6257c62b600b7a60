import type { Page, Post } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { operationsOf, requireUsername, type PageRequest, type Provider, type ProviderOperations, type UserKey } from '../provider.js';
import { AisaClient } from './client.js';
import { TTL_SECONDS, type VendorCalls } from '../vendor-calls.js';
import { mapPostsPage } from './map.js';

export interface AisaOptions extends Omit<HttpClientOptions, 'provider' | 'secrets'> {
  apiKey: string;
}

/** AIsa's Instagram API: a user's posts, 12 a page, with the profile on every page. */
export function createAisaProvider(options: AisaOptions): Provider {
  const client = new AisaClient(options, options.apiKey);
  const operations: Partial<ProviderOperations> = {
    userPosts(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<Post>> {
      const handle = requireUsername('aisa', user);
      return calls.once('aisa', { operation: 'userPosts', args: [handle, page.token], ttlSeconds: TTL_SECONDS.posts }, async () => mapPostsPage(await client.userPosts(handle, page.token)));
    },
  };
  return {
    id: 'aisa',
    platform: 'INSTAGRAM',
    keysUsersBy: 'username',
    capabilities: operationsOf(operations, 'posts'),
    profileSource: 'posts',
    ...operations,
  };
}
