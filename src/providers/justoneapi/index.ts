import type { Page, Post } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { operationsOf, requireUsername, type PageRequest, type Provider, type ProviderOperations, type UserKey } from '../provider.js';
import { JustOneApiClient } from './client.js';
import { TTL_SECONDS, type VendorCalls } from '../vendor-calls.js';
import { mapPostsPage } from './map.js';

export interface JustOneApiOptions extends Omit<HttpClientOptions, 'provider' | 'secrets'> {
  token: string;
}

/** JustOneAPI's Instagram user posts: `code` envelope, `pagination_token` paging, profile on every page. */
export function createJustOneApiProvider(options: JustOneApiOptions): Provider {
  const client = new JustOneApiClient(options, options.token);
  const operations: Partial<ProviderOperations> = {
    userPosts(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<Post>> {
      const handle = requireUsername('justoneapi', user);
      return calls.once('justoneapi', { operation: 'userPosts', args: [handle, page.token], ttlSeconds: TTL_SECONDS.posts }, async () => mapPostsPage(await client.userPosts(handle, page.token)));
    },
  };
  return {
    id: 'justoneapi',
    platform: 'INSTAGRAM',
    keysUsersBy: 'username',
    capabilities: operationsOf(operations, 'posts'),
    profileSource: 'posts',
    ...operations,
  };
}
