import type { Page, Post } from '../../../src/domain.js';
import { defineProvider } from '../../../src/providers/descriptor.js';
import { baseUrl, optionalText } from '../../../src/providers/environment.js';
import type { HttpClientOptions } from '../../../src/providers/http.js';
import {
  operationsOf,
  requireUsername,
  type PageRequest,
  type Provider,
  type ProviderOperations,
  type UserKey,
} from '../../../src/providers/provider.js';
import { TTL_SECONDS, type VendorCalls } from '../../../src/providers/vendor-calls.js';
import { DEFAULT_BASE_URL, PostboxClient } from './client.js';
import { startPostboxFake } from './fake.js';
import { EXAMPLE_ID } from './id.js';
import { mapPostsPage } from './map.js';

interface PostboxOptions extends Omit<HttpClientOptions, 'provider' | 'secrets'> {
  apiKey: string;
}

/** Postbox, a made-up Threads vendor: a user's posts, two a page, with the profile on every page. */
function createPostboxProvider(options: PostboxOptions): Provider {
  const client = new PostboxClient(options, options.apiKey);
  const operations: Partial<ProviderOperations> = {
    userPosts(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<Post>> {
      const handle = requireUsername(EXAMPLE_ID, user);
      return calls.once(EXAMPLE_ID, { operation: 'userPosts', args: [handle, page.token], ttlSeconds: TTL_SECONDS.posts }, async () =>
        mapPostsPage(await client.userPosts(handle, page.token)),
      );
    },
  };
  return {
    id: EXAMPLE_ID,
    platform: 'THREADS',
    keysUsersBy: 'username',
    capabilities: operationsOf(operations, 'posts'),
    profileSource: 'posts',
    ...operations,
  };
}

export const postbox = defineProvider({
  id: 'postbox',
  platform: 'THREADS',
  settingsKey: 'postbox',
  variables: { POSTBOX_API_KEY: optionalText, POSTBOX_BASE_URL: baseUrl(DEFAULT_BASE_URL) },
  enabledBy: 'POSTBOX_API_KEY',
  settingsFrom: (values): { apiKey: string; baseUrl: string } | null =>
    values.POSTBOX_API_KEY ? { apiKey: values.POSTBOX_API_KEY, baseUrl: values.POSTBOX_BASE_URL } : null,
  environmentOf: (settings) => ({ POSTBOX_API_KEY: settings.apiKey, POSTBOX_BASE_URL: settings.baseUrl }),
  secrets: ['apiKey'],
  rank: 4,
  potentialCapabilities: ['userByUsername', 'userPosts'],
  configurationHint: 'set POSTBOX_API_KEY',
  demo: {
    credentialKey: 'postboxApiKey',
    credential: 'demo-postbox-key',
    startFake: (credential) => startPostboxFake(credential),
    settingsFor: (url, credential) => ({ apiKey: credential, baseUrl: url }),
  },
  create: (settings, dependencies) => createPostboxProvider({ ...dependencies, ...settings }),
});
