import type { Liker, Page, Post, Reply, Thread, User } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { operationsOf, type PageRequest, type PostKey, type Provider, type ProviderOperations, type UserKey } from '../provider.js';
import { ThreadsWebPrivateClient, ThreadsWebPublicClient } from './client.js';
import {
  mapConversationReplies,
  mapPrivateLikers,
  mapPrivatePostsPage,
  mapPrivateRepliesPage,
  mapPrivateUser,
  mapPublicLikers,
  mapPublicPostsPage,
  mapPublicRepliesPage,
  mapPublicUser,
  mapThread,
  mapUsersPage,
  privateRepliesToken,
  publicConversationOf,
} from './map.js';
import type { Conversation } from './payloads.js';

export interface ThreadsWebOptions extends Omit<HttpClientOptions, 'provider' | 'secrets' | 'baseUrl'> {
  baseUrl: string;
  privateBaseUrl: string;
  /** With a token the mobile endpoints serve (paged, plus followers, following and search); without, the anonymous web ones. */
  token: string | null;
}

/** The unofficial Threads endpoints, read-only. */
export function createThreadsWebProvider(options: ThreadsWebOptions): Provider {
  const web = new ThreadsWebPublicClient({ ...options, baseUrl: options.baseUrl });
  const mobile = options.token ? new ThreadsWebPrivateClient({ ...options, baseUrl: options.privateBaseUrl }, options.token) : null;
  const notFound = (what: string) => web.httpClient.error('NOT_FOUND', what);

  async function userIdOf(user: UserKey): Promise<string> {
    if (user.nativeId) return user.nativeId;
    if (!user.username) throw notFound('no Threads user without a username or id');
    return web.userIdOf(user.username);
  }

  async function postIdOf(key: PostKey): Promise<string> {
    if (key.nativeId) return key.nativeId;
    if (!key.shortcode) throw notFound('no Threads post without an id or shortcode');
    return web.postIdOf(key.shortcode);
  }

  async function conversationOf(key: PostKey, token: string | null): Promise<{ conversation: Conversation; nextToken: string | null }> {
    const postId = await postIdOf(key);
    if (mobile) {
      const response = await mobile.replies(postId, token);
      return { conversation: response, nextToken: privateRepliesToken(response) };
    }
    const conversation = publicConversationOf(await web.thread(postId));
    if (!conversation) throw notFound(`no Threads post ${postId}`);
    return { conversation, nextToken: null };
  }

  const operations: Partial<ProviderOperations> = {
    async userByUsername(username: string): Promise<User> {
      return operations.userById!(await userIdOf({ username, nativeId: null }));
    },
    async userById(nativeId: string): Promise<User> {
      if (!/^\d+$/.test(nativeId)) throw web.httpClient.error('CAPABILITY_UNAVAILABLE', `reads users by numeric id, not "${nativeId}"`);
      if (mobile) return mapPrivateUser(await mobile.user(nativeId));
      const user = mapPublicUser(await web.user(nativeId));
      if (!user) throw notFound(`no Threads user with id ${nativeId}`);
      return user;
    },
    async userPosts(user: UserKey, page: PageRequest): Promise<Page<Post>> {
      const userId = await userIdOf(user);
      return mobile ? mapPrivatePostsPage(await mobile.userThreads(userId, page.token)) : mapPublicPostsPage(await web.userThreads(userId));
    },
    async userReplies(user: UserKey, page: PageRequest): Promise<Page<Reply>> {
      const userId = await userIdOf(user);
      return mobile ? mapPrivateRepliesPage(await mobile.userReplies(userId, page.token)) : mapPublicRepliesPage(await web.userReplies(userId));
    },
    async post(key: PostKey): Promise<Post> {
      return (await operations.thread!(key)).root;
    },
    async thread(key: PostKey): Promise<Thread> {
      return mapThread((await conversationOf(key, null)).conversation);
    },
    async postReplies(key: PostKey, page: PageRequest): Promise<Page<Reply>> {
      const { conversation, nextToken } = await conversationOf(key, page.token);
      return { items: mapConversationReplies(conversation, true), nextToken };
    },
    async threadReplies(key: PostKey, page: PageRequest): Promise<Page<Reply>> {
      const { conversation, nextToken } = await conversationOf(key, page.token);
      return { items: mapConversationReplies(conversation, false), nextToken };
    },
    async likers(key: PostKey, _page: PageRequest): Promise<Page<Liker>> {
      const postId = await postIdOf(key);
      return mobile ? mapPrivateLikers(await mobile.likers(postId)) : mapPublicLikers(await web.likers(postId));
    },
  };

  if (mobile) {
    Object.assign(operations, {
      async followers(user: UserKey, page: PageRequest): Promise<Page<User>> {
        return mapUsersPage(await mobile.followers(await userIdOf(user), page.token));
      },
      async following(user: UserKey, page: PageRequest): Promise<Page<User>> {
        return mapUsersPage(await mobile.following(await userIdOf(user), page.token));
      },
      async searchUsers(query: string, _page: PageRequest): Promise<Page<User>> {
        return { items: mapUsersPage(await mobile.search(query)).items, nextToken: null };
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
