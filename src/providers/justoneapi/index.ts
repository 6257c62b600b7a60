import { defineProvider } from '../descriptor.js';
import { baseUrl, optionalText } from '../environment.js';
import type { Page, Post } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { operationsOf, requireUsername, type PageRequest, type Provider, type ProviderOperations, type UserKey } from '../provider.js';
import { DEFAULT_BASE_URL, JustOneApiClient } from './client.js';
import { TTL_SECONDS, type VendorCalls } from '../vendor-calls.js';
import { startJustOneApiFake } from './fake.js';
import { mapPostsPage } from './map.js';

interface JustOneApiOptions extends Omit<HttpClientOptions, 'provider' | 'secrets'> {
  token: string;
}

/** JustOneAPI's Instagram user posts: `code` envelope, `pagination_token` paging, profile on every page. */
function createJustOneApiProvider(options: JustOneApiOptions): Provider {
  const client = new JustOneApiClient(options, options.token);
  const operations: Partial<ProviderOperations> = {
    userPosts(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<Post>> {
      const handle = requireUsername('justoneapi', user);
      return calls.once('justoneapi', { operation: 'userPosts', args: [handle, page.token], ttlSeconds: TTL_SECONDS.posts }, async () =>
        mapPostsPage(await client.userPosts(handle, page.token)),
      );
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

export const justoneapi = defineProvider({
  id: 'justoneapi',
  platform: 'INSTAGRAM',
  settingsKey: 'justoneapi',
  variables: { JUSTONEAPI_TOKEN: optionalText, JUSTONEAPI_BASE_URL: baseUrl(DEFAULT_BASE_URL) },
  enabledBy: 'JUSTONEAPI_TOKEN',
  settingsFrom: (values): { token: string; baseUrl: string } | null =>
    values.JUSTONEAPI_TOKEN ? { token: values.JUSTONEAPI_TOKEN, baseUrl: values.JUSTONEAPI_BASE_URL } : null,
  environmentOf: (settings) => ({ JUSTONEAPI_TOKEN: settings.token, JUSTONEAPI_BASE_URL: settings.baseUrl }),
  secrets: ['token'],
  rank: 2,
  // JustOneAPI bills credits but its seed names no price per call: 1 until it does.
  creditsPerCall: 1,
  potentialCapabilities: ['userByUsername', 'userPosts'],
  configurationHint: 'set JUSTONEAPI_TOKEN',
  demo: {
    credentialKey: 'justoneapiToken',
    credential: 'demo-justoneapi-token',
    startFake: (credential) => startJustOneApiFake(credential),
    settingsFor: (url, credential) => ({ token: credential, baseUrl: url }),
  },
  create: (settings, dependencies) => createJustOneApiProvider({ ...dependencies, ...settings }),
});
