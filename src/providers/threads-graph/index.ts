import type { Page, Post, Reply, Thread, User } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { operationsOf, type PageRequest, type PostKey, type Provider, type ProviderOperations, type UserKey } from '../provider.js';
import { ThreadsGraphClient } from './client.js';
import { mapPage, mapPost, mapProfile, mapReply } from './map.js';

export interface ThreadsGraphOptions extends Omit<HttpClientOptions, 'provider' | 'secrets'> {
  accessToken: string;
}

/** Meta's official Threads Graph API. */
export function createThreadsGraphProvider(options: ThreadsGraphOptions): Provider {
  const client = new ThreadsGraphClient(options, options.accessToken);
  let viewerUsername: string | null = null;

  const operations: Partial<ProviderOperations> = {
    async userByUsername(username: string): Promise<User> {
      return mapProfile(await client.profileLookup(username));
    },
    /** Only the token owner can be read by id; "me" names them. */
    async userById(nativeId: string): Promise<User> {
      if (nativeId !== 'me') throw client.httpClient.error('CAPABILITY_UNAVAILABLE', 'the Threads Graph API reads users by id only for the token owner ("me")');
      const me = mapProfile(await client.me());
      viewerUsername = me.username;
      return me;
    },
    async userPosts(user: UserKey, page: PageRequest): Promise<Page<Post>> {
      const own = user.nativeId === 'me' || (viewerUsername !== null && user.username === viewerUsername);
      if (!own && !user.username) throw client.httpClient.error('CAPABILITY_UNAVAILABLE', 'profile posts need a username');
      const response = own ? await client.ownThreads(page) : await client.profilePosts(user.username ?? '', page);
      return mapPage(response, mapPost);
    },
    async post(key: PostKey): Promise<Post> {
      return mapPost(await client.media(mediaIdOf(key)));
    },
    async thread(key: PostKey): Promise<Thread> {
      const root = await operations.post!(key);
      return { platform: 'THREADS', root, items: [root], source: 'threads-graph' };
    },
    async postReplies(key: PostKey, page: PageRequest): Promise<Page<Reply>> {
      const rootId = mediaIdOf(key);
      const response = await client.replies(rootId, page);
      return mapPage(response, (media) => mapReply(media, rootId, new Map()));
    },
    async threadReplies(key: PostKey, page: PageRequest): Promise<Page<Reply>> {
      const rootId = mediaIdOf(key);
      const response = await client.conversation(rootId, page);
      // Depth is exact for replies whose parent is on the same page; null otherwise.
      const depths = new Map<string, number>();
      return mapPage(response, (media) => mapReply(media, rootId, depths));
    },
  };

  function mediaIdOf(key: PostKey): string {
    if (!key.nativeId) throw client.httpClient.error('CAPABILITY_UNAVAILABLE', 'the Threads Graph API reads posts by media id, not by shortcode');
    return key.nativeId;
  }

  return {
    id: 'threads-graph',
    platform: 'THREADS',
    keysUsersBy: 'username',
    capabilities: operationsOf(operations),
    backwardPaging: new Set(['userPosts', 'postReplies', 'threadReplies']),
    timeWindows: new Set(['userPosts']),
    ...operations,
  };
}
