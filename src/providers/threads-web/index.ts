import { defineProvider } from '../descriptor.js';
import { baseUrl, flag, optionalText } from '../environment.js';
import type { Liker, Page, Post, Reply, Thread, User } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { UnmappableItem } from '../items.js';
import {
  CAPABILITIES,
  operationsOf,
  type PageRequest,
  type PostKey,
  type Provider,
  type ProviderOperations,
  type UserKey,
} from '../provider.js';
import { TTL_SECONDS, type VendorCalls, type VendorRequest } from '../vendor-calls.js';
import { DEFAULT_BASE_URL, DEFAULT_PRIVATE_BASE_URL, ThreadsWebPrivateClient, ThreadsWebPublicClient } from './client.js';
import { PRIVATE_API_PREFIX, startThreadsWebFake } from './fake.js';
import { conversationStep, directReplies } from './conversation-walk.js';
import {
  mapPrivateConversation,
  mapPrivateLikers,
  mapPrivatePostsPage,
  mapPrivateRepliesPage,
  mapPrivateUser,
  mapPublicConversation,
  mapPublicLikers,
  mapPublicPostsPage,
  mapPublicRepliesPage,
  mapPublicUser,
  mapUsersPage,
  type ConversationPage,
} from './map.js';

interface ThreadsWebOptions extends Omit<HttpClientOptions, 'provider' | 'secrets' | 'baseUrl'> {
  baseUrl: string;
  privateBaseUrl: string;
  /** With a token the mobile endpoints serve (paged, plus followers, following and search); without, the anonymous web ones. */
  token: string | null;
}

/** The unofficial Threads endpoints, read-only. Every vendor request goes through the request's shared calls: these endpoints rate-limit and suspend accounts. */
function createThreadsWebProvider(options: ThreadsWebOptions): Provider {
  const web = new ThreadsWebPublicClient({ ...options, baseUrl: options.baseUrl });
  const mobile = options.token ? new ThreadsWebPrivateClient({ ...options, baseUrl: options.privateBaseUrl }, options.token) : null;
  const http = web.httpClient;
  const notFound = (what: string) => http.error('NOT_FOUND', what);
  const once = <T>(calls: VendorCalls, operation: string, args: unknown[], ttlSeconds: number, fetch: () => Promise<T>) =>
    calls.once<T>('threads-web', { operation, args, ttlSeconds } satisfies VendorRequest, fetch);

  function userIdOf(user: UserKey, calls: VendorCalls): Promise<string> {
    if (user.nativeId) return Promise.resolve(user.nativeId);
    const username = user.username;
    if (!username) throw notFound('no Threads user without a username or id');
    return once(calls, 'profilePage', [username], TTL_SECONDS.profile, () => web.userIdOf(username));
  }

  function postIdOf(key: PostKey, calls: VendorCalls): Promise<string> {
    if (key.nativeId) return Promise.resolve(key.nativeId);
    const shortcode = key.shortcode;
    if (!shortcode) throw notFound('no Threads post without an id or shortcode');
    return once(calls, 'postPage', [shortcode], TTL_SECONDS.post, () => web.postIdOf(shortcode));
  }

  /** One vendor page of the conversation under a post: `post`, `thread`, `Post.replies` and `Thread.replies` share it. */
  function conversation(postId: string, token: string | null, calls: VendorCalls): Promise<ConversationPage> {
    if (mobile)
      return once(calls, 'replies', [postId, token], TTL_SECONDS.replies, () =>
        bad(postId, async () => mapPrivateConversation(await mobile.replies(postId, token))),
      );
    return once(calls, 'thread', [postId], TTL_SECONDS.replies, async () => {
      const page = await bad(postId, async () => mapPublicConversation(await web.thread(postId)));
      if (!page) throw notFound(`no Threads post ${postId}`);
      return page;
    });
  }

  /** A conversation whose root cannot be mapped is a bad answer, not a missing post. */
  async function bad<T>(postId: string, map: () => Promise<T> | T): Promise<T> {
    try {
      return await map();
    } catch (error) {
      if (error instanceof UnmappableItem)
        throw http.error('UPSTREAM_BAD_RESPONSE', `the conversation of ${postId} cannot be mapped (${error.message})`);
      throw error;
    }
  }

  const operations: Partial<ProviderOperations> = {
    async userByUsername(username: string, calls: VendorCalls): Promise<User> {
      return operations.userById!(await userIdOf({ username, nativeId: null }, calls), calls);
    },
    async userById(nativeId: string, calls: VendorCalls): Promise<User> {
      if (!/^\d+$/.test(nativeId)) throw http.error('CAPABILITY_UNAVAILABLE', `reads users by numeric id, not "${nativeId}"`);
      if (mobile) return once(calls, 'userInfo', [nativeId], TTL_SECONDS.profile, async () => mapPrivateUser(await mobile.user(nativeId)));
      const user = await once(calls, 'user', [nativeId], TTL_SECONDS.profile, async () => mapPublicUser(await web.user(nativeId)));
      if (!user) throw notFound(`no Threads user with id ${nativeId}`);
      return user;
    },
    async userPosts(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<Post>> {
      const userId = await userIdOf(user, calls);
      if (mobile)
        return once(calls, 'profileThreads', [userId, page.token], TTL_SECONDS.posts, async () =>
          mapPrivatePostsPage(await mobile.userThreads(userId, page.token)),
        );
      return once(calls, 'userThreads', [userId], TTL_SECONDS.posts, async () => mapPublicPostsPage(await web.userThreads(userId)));
    },
    async userReplies(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<Reply>> {
      const userId = await userIdOf(user, calls);
      if (mobile)
        return once(calls, 'profileReplies', [userId, page.token], TTL_SECONDS.posts, async () =>
          mapPrivateRepliesPage(await mobile.userReplies(userId, page.token)),
        );
      return once(calls, 'userReplies', [userId], TTL_SECONDS.posts, async () => mapPublicRepliesPage(await web.userReplies(userId)));
    },
    /** The post itself, from its conversation (whose containing thread may begin with the posts it replies to). */
    async post(key: PostKey, calls: VendorCalls): Promise<Post> {
      const postId = await postIdOf(key, calls);
      const { thread } = await conversation(postId, null, calls);
      return thread.items.find((item) => item.nativeId === postId) ?? thread.root;
    },
    async thread(key: PostKey, calls: VendorCalls): Promise<Thread> {
      return (await conversation(await postIdOf(key, calls), null, calls)).thread;
    },
    async postReplies(key: PostKey, page: PageRequest, calls: VendorCalls): Promise<Page<Reply>> {
      const postId = await postIdOf(key, calls);
      return directReplies(await conversation(postId, page.token, calls), postId);
    },
    async threadReplies(key: PostKey, page: PageRequest, calls: VendorCalls): Promise<Page<Reply>> {
      const postId = await postIdOf(key, calls);
      return conversationStep((id, token) => conversation(id, token, calls), postId, page.token);
    },
    async likers(key: PostKey, _page: PageRequest, calls: VendorCalls): Promise<Page<Liker>> {
      const postId = await postIdOf(key, calls);
      if (mobile)
        return once(calls, 'mediaLikers', [postId], TTL_SECONDS.likers, async () => mapPrivateLikers(await mobile.likers(postId)));
      return once(calls, 'likers', [postId], TTL_SECONDS.likers, async () => mapPublicLikers(await web.likers(postId)));
    },
  };

  if (mobile) {
    Object.assign(operations, {
      async followers(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<User>> {
        const userId = await userIdOf(user, calls);
        return once(calls, 'followers', [userId, page.token], TTL_SECONDS.friendships, async () =>
          mapUsersPage(await mobile.followers(userId, page.token)),
        );
      },
      async following(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<User>> {
        const userId = await userIdOf(user, calls);
        return once(calls, 'following', [userId, page.token], TTL_SECONDS.friendships, async () =>
          mapUsersPage(await mobile.following(userId, page.token)),
        );
      },
      searchUsers(query: string, _page: PageRequest, calls: VendorCalls): Promise<Page<User>> {
        return once(calls, 'userSearch', [query], TTL_SECONDS.search, async () => ({
          ...mapUsersPage(await mobile.search(query)),
          nextToken: null,
        }));
      },
    } satisfies Partial<ProviderOperations>);
  }

  return {
    id: 'threads-web',
    platform: 'THREADS',
    keysUsersBy: 'id',
    capabilities: operationsOf(operations),
    ...operations,
  };
}

export const threadsWeb = defineProvider({
  id: 'threads-web',
  platform: 'THREADS',
  settingsKey: 'threadsWeb',
  variables: {
    THREADS_WEB_ENABLED: flag,
    THREADS_WEB_BASE_URL: baseUrl(DEFAULT_BASE_URL),
    THREADS_WEB_PRIVATE_BASE_URL: baseUrl(DEFAULT_PRIVATE_BASE_URL),
    THREADS_WEB_TOKEN: optionalText,
  },
  enabledBy: 'THREADS_WEB_ENABLED',
  settingsFrom: (values): { baseUrl: string; privateBaseUrl: string; token: string | null } | null =>
    values.THREADS_WEB_ENABLED
      ? {
          baseUrl: values.THREADS_WEB_BASE_URL,
          privateBaseUrl: values.THREADS_WEB_PRIVATE_BASE_URL,
          token: values.THREADS_WEB_TOKEN ?? null,
        }
      : null,
  environmentOf: (settings) => ({
    THREADS_WEB_ENABLED: 'true',
    THREADS_WEB_BASE_URL: settings.baseUrl,
    THREADS_WEB_PRIVATE_BASE_URL: settings.privateBaseUrl,
    ...(settings.token === null ? {} : { THREADS_WEB_TOKEN: settings.token }),
  }),
  secrets: ['token'],
  rank: 2,
  potentialCapabilities: CAPABILITIES,
  configurationHint: 'set THREADS_WEB_ENABLED=true (and THREADS_WEB_TOKEN for followers, following and search)',
  demo: {
    credentialKey: 'threadsWebToken',
    credential: 'demo-threads-web-token',
    startFake: (credential) => startThreadsWebFake(credential),
    settingsFor: (url, credential) => ({ baseUrl: url, privateBaseUrl: `${url}${PRIVATE_API_PREFIX}`, token: credential }),
  },
  create: (settings, dependencies) => createThreadsWebProvider({ ...dependencies, ...settings }),
});
