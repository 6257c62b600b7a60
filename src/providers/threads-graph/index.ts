import { defineProvider } from '../descriptor.js';
import { baseUrl, optionalText } from '../environment.js';
import type { Page, Post, Reply, Thread, User } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { UnmappableItem } from '../items.js';
import { operationsOf, type PageRequest, type PostKey, type Provider, type ProviderOperations, type UserKey } from '../provider.js';
import { TTL_SECONDS, type VendorCalls } from '../vendor-calls.js';
import { DEFAULT_BASE_URL, ThreadsGraphClient } from './client.js';
import { startThreadsGraphFake } from './fake.js';
import { mapPage, mapPost, mapProfile, mapReply } from './map.js';

interface ThreadsGraphOptions extends Omit<HttpClientOptions, 'provider' | 'secrets'> {
  accessToken: string;
}

/** How many conversation pages `thread` reads while the author's continuation still runs on (25 posts a page). */
const MAX_CONTINUATION_PAGES = 4;

/** Meta's official Threads Graph API. */
function createThreadsGraphProvider(options: ThreadsGraphOptions): Provider {
  const client = new ThreadsGraphClient(options, options.accessToken);
  const http = client.httpClient;
  let viewerUsername: string | null = null;

  function mediaIdOf(key: PostKey): string {
    if (!key.nativeId) throw http.error('CAPABILITY_UNAVAILABLE', 'the Threads Graph API reads posts by media id, not by shortcode');
    return key.nativeId;
  }

  /** `/{id}`: one call per media id and request, whether `post`, `thread` or a linked post asks. */
  function media(mediaId: string, calls: VendorCalls): Promise<Post> {
    return calls.once('threads-graph', { operation: 'media', args: [mediaId], ttlSeconds: TTL_SECONDS.post }, async () => {
      const answer = await client.media(mediaId);
      try {
        return mapPost(answer);
      } catch (error) {
        if (error instanceof UnmappableItem)
          throw http.error('UPSTREAM_BAD_RESPONSE', `media ${mediaId} cannot be mapped (${error.message})`);
        throw error;
      }
    });
  }

  /** `/{id}/conversation`, every depth: depth is exact for replies whose parent is on the same page, else null. */
  function conversation(rootId: string, page: PageRequest, calls: VendorCalls): Promise<Page<Reply>> {
    const args = [rootId, page.token, page.direction ?? 'after'];
    return calls.once('threads-graph', { operation: 'conversation', args, ttlSeconds: TTL_SECONDS.replies }, async () => {
      const depths = new Map<string, number>();
      return mapPage(await client.conversation(rootId, page), (item) => mapReply(item, rootId, depths));
    });
  }

  /** The root's author replying to the root, then to that reply, and so on: the continuation Meta shows as one thread. */
  async function continuationOf(root: Post, calls: VendorCalls): Promise<Post[]> {
    const items: Post[] = [];
    let page: PageRequest = { token: null, direction: 'after' };
    for (let read = 0; read < MAX_CONTINUATION_PAGES; read += 1) {
      const replies = await conversation(root.nativeId, page, calls);
      for (const reply of replies.items) {
        const chainEnd = items.at(-1)?.nativeId ?? root.nativeId;
        if (reply.post.author.username === root.author.username && reply.parent?.nativeId === chainEnd) items.push(reply.post);
      }
      // Only while the chain reaches the end of the page can it go on in the next one.
      const last = replies.items.at(-1)?.post.nativeId;
      if (!replies.nextToken || last === undefined || last !== items.at(-1)?.nativeId) break;
      page = { token: replies.nextToken, direction: 'after' };
    }
    return items;
  }

  const operations: Partial<ProviderOperations> = {
    userByUsername(username: string, calls: VendorCalls): Promise<User> {
      return calls.once('threads-graph', { operation: 'profileLookup', args: [username], ttlSeconds: TTL_SECONDS.profile }, async () =>
        mapProfile(await client.profileLookup(username)),
      );
    },
    /** Only the token owner can be read by id; "me" names them. */
    async userById(nativeId: string, calls: VendorCalls): Promise<User> {
      if (nativeId !== 'me')
        throw http.error('CAPABILITY_UNAVAILABLE', 'the Threads Graph API reads users by id only for the token owner ("me")');
      const me = await calls.once('threads-graph', { operation: 'me', args: [], ttlSeconds: TTL_SECONDS.profile }, async () =>
        mapProfile(await client.me()),
      );
      viewerUsername = me.username;
      return me;
    },
    userPosts(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<Post>> {
      const own = user.nativeId === 'me' || (viewerUsername !== null && user.username === viewerUsername);
      if (!own && !user.username) throw http.error('CAPABILITY_UNAVAILABLE', 'profile posts need a username');
      const window = [page.token, page.direction ?? 'after', page.since?.toISOString() ?? null, page.until?.toISOString() ?? null];
      const request = own ? { operation: 'ownThreads', args: window } : { operation: 'profilePosts', args: [user.username, ...window] };
      return calls.once('threads-graph', { ...request, ttlSeconds: TTL_SECONDS.posts }, async () =>
        mapPage(own ? await client.ownThreads(page) : await client.profilePosts(user.username ?? '', page), mapPost),
      );
    },
    post(key: PostKey, calls: VendorCalls): Promise<Post> {
      return media(mediaIdOf(key), calls);
    },
    /** The root and its author's continuation, read from the first page(s) of the conversation `Thread.replies` reads too. */
    async thread(key: PostKey, calls: VendorCalls): Promise<Thread> {
      const root = await media(mediaIdOf(key), calls);
      const continuation = await continuationOf(root, calls);
      return { platform: 'THREADS', root, items: [root, ...continuation], source: 'threads-graph' };
    },
    postReplies(key: PostKey, page: PageRequest, calls: VendorCalls): Promise<Page<Reply>> {
      const rootId = mediaIdOf(key);
      return calls.once(
        'threads-graph',
        { operation: 'replies', args: [rootId, page.token, page.direction ?? 'after'], ttlSeconds: TTL_SECONDS.replies },
        async () => mapPage(await client.replies(rootId, page), (item) => mapReply(item, rootId, new Map())),
      );
    },
    threadReplies(key: PostKey, page: PageRequest, calls: VendorCalls): Promise<Page<Reply>> {
      return conversation(mediaIdOf(key), page, calls);
    },
  };

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

export const threadsGraph = defineProvider({
  id: 'threads-graph',
  platform: 'THREADS',
  settingsKey: 'threadsGraph',
  variables: { THREADS_GRAPH_ACCESS_TOKEN: optionalText, THREADS_GRAPH_BASE_URL: baseUrl(DEFAULT_BASE_URL) },
  enabledBy: 'THREADS_GRAPH_ACCESS_TOKEN',
  settingsFrom: (values): { accessToken: string; baseUrl: string } | null =>
    values.THREADS_GRAPH_ACCESS_TOKEN ? { accessToken: values.THREADS_GRAPH_ACCESS_TOKEN, baseUrl: values.THREADS_GRAPH_BASE_URL } : null,
  environmentOf: (settings) => ({ THREADS_GRAPH_ACCESS_TOKEN: settings.accessToken, THREADS_GRAPH_BASE_URL: settings.baseUrl }),
  secrets: ['accessToken'],
  rank: 1,
  potentialCapabilities: ['userByUsername', 'userById', 'userPosts', 'post', 'thread', 'postReplies', 'threadReplies'],
  configurationHint: 'set THREADS_GRAPH_ACCESS_TOKEN',
  demo: {
    credentialKey: 'threadsGraphAccessToken',
    credential: 'demo-threads-graph-token',
    startFake: (credential) => startThreadsGraphFake(credential),
    settingsFor: (url, credential) => ({ accessToken: credential, baseUrl: `${url}/v1.0` }),
  },
  create: (settings, dependencies) => createThreadsGraphProvider({ ...dependencies, ...settings }),
});
