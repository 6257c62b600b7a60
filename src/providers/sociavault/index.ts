import type { Page, Post } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { operationsOf, requireUsername, type PageRequest, type Provider, type ProviderOperations, type UserKey } from '../provider.js';
import { SociaVaultClient } from './client.js';
import { creditsUsedBy, mapPosts, mapUser } from './map.js';

export interface SociaVaultOptions extends Omit<HttpClientOptions, 'provider' | 'secrets'> {
  apiKey: string;
}

/** SociaVault's Threads scraper: one call returns the ~20–30 latest posts, with no pagination and 1 credit per call. */
export function createSociaVaultProvider(options: SociaVaultOptions): Provider {
  const client = new SociaVaultClient(options, options.apiKey);
  let creditsUsed = 0;

  const operations: Partial<ProviderOperations> = {
    async userPosts(user: UserKey, _page: PageRequest): Promise<Page<Post>> {
      const handle = requireUsername('sociavault', user);
      const response = await client.userPosts(handle);
      creditsUsed += creditsUsedBy(response);
      return { items: mapPosts(response), nextToken: null, owner: mapUser(response, handle) };
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
