import type { Liker, Page, Post, Reply, Thread, User } from '../../domain.js';
import type { HttpClientOptions } from '../http.js';
import { operationsOf, type PageRequest, type PostKey, type Provider, type ProviderOperations, type UserKey } from '../provider.js';
import { ThreadsWebPrivateClient, ThreadsWebPublicClient } from './client.js';
import {
  mapConversationReplies,
  mapLiker,
  mapProfilePosts,
  mapProfileReplies,
  mapThread,
  mapUser,
  mapUsersPage,
  privateRepliesToken,
  privateThreadsPage,
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
    const conversation = (await web.thread(postId)).data?.data;
    if (!conversation) throw notFound(`no Threads post ${postId}`);
    return { conversation, nextToken: null };
  }

  const operations: Partial<ProviderOperations> = {
    async userByUsername(username: string): Promise<User> {
      return operations.userById!(await userIdOf({ username, nativeId: null }));
    },
    async userById(nativeId: string): Promise<User> {
      if (!/^\d+$/.test(nativeId)) throw web.httpClient.error('CAPABILITY_UNAVAILABLE', `reads users by numeric id, not "${nativeId}"`);
      if (mobile) return mapUser((await mobile.user(nativeId)).user);
      const user = (await web.user(nativeId)).data?.userData?.user;
      if (!user) throw notFound(`no Threads user with id ${nativeId}`);
      return mapUser(user);
    },
    async userPosts(user: UserKey, page: PageRequest): Promise<Page<Post>> {
      const userId = await userIdOf(user);
      if (mobile) {
        const response = await mobile.userThreads(userId, page.token);
        return privateThreadsPage(response, mapProfilePosts(response.threads));
      }
      return { items: mapProfilePosts((await web.userThreads(userId)).data?.mediaData?.threads ?? []), nextToken: null };
    },
    async userReplies(user: UserKey, page: PageRequest): Promise<Page<Reply>> {
      const userId = await userIdOf(user);
      if (mobile) {
        const response = await mobile.userReplies(userId, page.token);
        return privateThreadsPage(response, mapProfileReplies(response.threads));
      }
      return { items: mapProfileReplies((await web.userReplies(userId)).data?.mediaData?.threads ?? []), nextToken: null };
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
      const users = mobile ? (await mobile.likers(postId)).users : ((await web.likers(postId)).data?.likers?.users ?? []);
      return { items: users.map(mapLiker), nextToken: null };
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

  return { id: 'threads-web', platform: 'THREADS', keysUsersBy: 'id', capabilities: operationsOf(operations), ...operations };
}
