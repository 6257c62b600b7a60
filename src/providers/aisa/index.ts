import { defineProvider } from '../descriptor.js';
import { baseUrl, optionalText } from '../environment.js';
import type { Page, Post } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { operationsOf, requireUsername, type PageRequest, type Provider, type ProviderOperations, type UserKey } from '../provider.js';
import { AisaClient, DEFAULT_BASE_URL } from './client.js';
import { TTL_SECONDS, type VendorCalls } from '../vendor-calls.js';
import { startAisaFake } from './fake.js';
import { mapPostsPage } from './map.js';

interface AisaOptions extends Omit<HttpClientOptions, 'provider' | 'secrets'> {
  apiKey: string;
}

/** AIsa's Instagram API: a user's posts, 12 a page, with the profile on every page. */
function createAisaProvider(options: AisaOptions): Provider {
  const client = new AisaClient(options, options.apiKey);
  const operations: Partial<ProviderOperations> = {
    userPosts(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<Post>> {
      const handle = requireUsername('aisa', user);
      return calls.once('aisa', { operation: 'userPosts', args: [handle, page.token], ttlSeconds: TTL_SECONDS.posts }, async () =>
        mapPostsPage(await client.userPosts(handle, page.token)),
      );
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

export const aisa = defineProvider({
  id: 'aisa',
  platform: 'INSTAGRAM',
  settingsKey: 'aisa',
  variables: { AISA_API_KEY: optionalText, AISA_BASE_URL: baseUrl(DEFAULT_BASE_URL) },
  enabledBy: 'AISA_API_KEY',
  settingsFrom: (values): { apiKey: string; baseUrl: string } | null =>
    values.AISA_API_KEY ? { apiKey: values.AISA_API_KEY, baseUrl: values.AISA_BASE_URL } : null,
  environmentOf: (settings) => ({ AISA_API_KEY: settings.apiKey, AISA_BASE_URL: settings.baseUrl }),
  secrets: ['apiKey'],
  rank: 1,
  potentialCapabilities: ['userByUsername', 'userPosts'],
  configurationHint: 'set AISA_API_KEY',
  demo: {
    credentialKey: 'aisaApiKey',
    credential: 'demo-aisa-key',
    startFake: (credential) => startAisaFake(credential),
    settingsFor: (url, credential) => ({ apiKey: credential, baseUrl: url }),
  },
  create: (settings, dependencies) => createAisaProvider({ ...dependencies, ...settings }),
});
