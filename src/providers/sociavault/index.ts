import type { Page, Post } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { operationsOf, requireUsername, type PageRequest, type Provider, type ProviderOperations, type UserKey } from '../provider.js';
import { SociaVaultClient } from './client.js';
import { TTL_SECONDS, type VendorCalls } from '../vendor-calls.js';
import { creditsUsedBy, mapPostsPage } from './map.js';

export interface SociaVaultOptions extends Omit<HttpClientOptions, 'provider' | 'secrets'> {
  apiKey: string;
}

/** SociaVault's Threads scraper: one call returns the ~20–30 latest posts, with no pagination and 1 credit per call. */
export function createSociaVaultProvider(options: SociaVaultOptions): Provider {
  const client = new SociaVaultClient(options, options.apiKey);
  let creditsUsed = 0;

  const operations: Partial<ProviderOperations> = {
    userPosts(user: UserKey, _page: PageRequest, calls: VendorCalls): Promise<Page<Post>> {
      const handle = requireUsername('sociavault', user);
      return calls.once('sociavault', { operation: 'userPosts', args: [handle], ttlSeconds: TTL_SECONDS.posts }, async () => {
        const response = await client.userPosts(handle);
        creditsUsed += creditsUsedBy(response);
        return mapPostsPage(response, handle);
      });
    },
  };

  return {
    id: 'sociavault',
    platform: 'THREADS',
    keysUsersBy: 'username',
    capabilities: operationsOf(operations, 'posts'),
    profileSource: 'posts',
    usage: () => ({ creditsUsed }),
    ...operations,
  };
}
