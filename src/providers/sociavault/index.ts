import { defineProvider } from '../descriptor.js';
import { baseUrl, optionalText } from '../environment.js';
import type { Page, Post } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { operationsOf, requireUsername, type PageRequest, type Provider, type ProviderOperations, type UserKey } from '../provider.js';
import { DEFAULT_BASE_URL, SociaVaultClient } from './client.js';
import { TTL_SECONDS, type VendorCalls } from '../vendor-calls.js';
import { startSociaVaultFake } from './fake.js';
import { creditsUsedBy, mapPostsPage } from './map.js';

interface SociaVaultOptions extends Omit<HttpClientOptions, 'provider' | 'secrets'> {
  apiKey: string;
}

/** SociaVault's Threads scraper: one call returns the ~20–30 latest posts, with no pagination and 1 credit per call. */
function createSociaVaultProvider(options: SociaVaultOptions): Provider {
  const client = new SociaVaultClient(options, options.apiKey);
  let creditsUsed = 0;

  const operations: Partial<ProviderOperations> = {
    userPosts(user: UserKey, _page: PageRequest, calls: VendorCalls): Promise<Page<Post>> {
      const handle = requireUsername('sociavault', user);
      return calls.once('sociavault', { operation: 'userPosts', args: [handle], ttlSeconds: TTL_SECONDS.posts }, async () => {
        const response = await client.userPosts(handle);
        const credits = creditsUsedBy(response);
        creditsUsed += credits;
        calls.creditsSpent?.('sociavault', credits);
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

export const sociavault = defineProvider({
  id: 'sociavault',
  platform: 'THREADS',
  settingsKey: 'sociavault',
  variables: { SOCIAVAULT_API_KEY: optionalText, SOCIAVAULT_BASE_URL: baseUrl(DEFAULT_BASE_URL) },
  enabledBy: 'SOCIAVAULT_API_KEY',
  settingsFrom: (values): { apiKey: string; baseUrl: string } | null =>
    values.SOCIAVAULT_API_KEY ? { apiKey: values.SOCIAVAULT_API_KEY, baseUrl: values.SOCIAVAULT_BASE_URL } : null,
  environmentOf: (settings) => ({ SOCIAVAULT_API_KEY: settings.apiKey, SOCIAVAULT_BASE_URL: settings.baseUrl }),
  secrets: ['apiKey'],
  rank: 3,
  // Seed 000: 1 credit per request.
  creditsPerCall: 1,
  potentialCapabilities: ['userByUsername', 'userPosts'],
  configurationHint: 'set SOCIAVAULT_API_KEY',
  demo: {
    credentialKey: 'sociavaultApiKey',
    credential: 'sk_live_demo_sociavault',
    startFake: (credential) => startSociaVaultFake(credential),
    settingsFor: (url, credential) => ({ apiKey: credential, baseUrl: url }),
  },
  create: (settings, dependencies) => createSociaVaultProvider({ ...dependencies, ...settings }),
});
