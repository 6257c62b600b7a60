import type { Liker, Page, Platform, Post, ProviderId, Reply, Thread, User } from '../domain.js';
import { ProviderError } from '../errors.js';
import type { VendorCalls } from './vendor-calls.js';

/** Which user an operation is about; providers keyed by id resolve a username themselves when they can. */
export interface UserKey {
  username: string | null;
  nativeId: string | null;
}

export interface PostKey {
  nativeId: string | null;
  shortcode: string | null;
}

export interface PageRequest {
  /** The vendor's own token from a previous page, or null for the first page. */
  token: string | null;
  /** 'before' asks for the page preceding `token`; only for capabilities listed in `backwardPaging`. */
  direction?: 'after' | 'before';
  /** A time window; providers listing the capability in `timeWindows` pass it to the vendor, the services filter anyway. */
  since?: Date | null;
  until?: Date | null;
}

/**
 * Every operation a provider may implement; the capability names are these method names. Each takes the
 * request's `calls` last: the vendor requests it makes go through them, so equal requests are made once.
 */
export interface ProviderOperations {
  userByUsername(username: string, calls: VendorCalls): Promise<User>;
  userById(nativeId: string, calls: VendorCalls): Promise<User>;
  userPosts(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<Post>>;
  userReplies(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<Reply>>;
  post(key: PostKey, calls: VendorCalls): Promise<Post>;
  thread(key: PostKey, calls: VendorCalls): Promise<Thread>;
  /** Direct replies to a post (depth 1). */
  postReplies(key: PostKey, page: PageRequest, calls: VendorCalls): Promise<Page<Reply>>;
  /** The whole conversation under a post, every depth, each reply once, in the order the provider documents. */
  threadReplies(key: PostKey, page: PageRequest, calls: VendorCalls): Promise<Page<Reply>>;
  likers(key: PostKey, page: PageRequest, calls: VendorCalls): Promise<Page<Liker>>;
  followers(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<User>>;
  following(user: UserKey, page: PageRequest, calls: VendorCalls): Promise<Page<User>>;
  searchUsers(query: string, page: PageRequest, calls: VendorCalls): Promise<Page<User>>;
}

/** An operation's arguments without the trailing `calls`: what a loader key is made of. */
export type OperationArguments<C extends Capability> = ProviderOperations[C] extends (...args: [...infer Rest, VendorCalls]) => unknown
  ? Rest
  : never;

export type Capability = keyof ProviderOperations;

export const CAPABILITIES = [
  'userByUsername',
  'userById',
  'userPosts',
  'userReplies',
  'post',
  'thread',
  'postReplies',
  'threadReplies',
  'likers',
  'followers',
  'following',
  'searchUsers',
] as const satisfies readonly Capability[];

/** A configured vendor adapter. It implements the operations it can serve and declares them. */
export interface Provider extends Partial<ProviderOperations> {
  readonly id: ProviderId;
  readonly platform: Platform;
  readonly capabilities: ReadonlySet<Capability>;
  /**
   * 'posts' when the vendor has no profile endpoint and the first posts page carries the profile as
   * `owner`: the services then read a user through the same (deduplicated) posts call.
   */
  readonly profileSource?: 'posts';
  /**
   * 'username' when the vendor's user calls take the handle (an id adds nothing), 'id' when they take the
   * numeric id: the services build loader keys accordingly, so equal calls share one key.
   */
  readonly keysUsersBy: 'username' | 'id';
  /** Connections the vendor can page backwards (a `before` token). */
  readonly backwardPaging?: ReadonlySet<Capability>;
  /** Connections the vendor can restrict to a time window itself. */
  readonly timeWindows?: ReadonlySet<Capability>;
  /** Last credit balance or usage the vendor reported, for `Query.providers`. */
  readonly usage?: () => ProviderUsage;
}

interface ProviderUsage {
  creditsUsed: number | null;
}

export function operationsOf(operations: Partial<ProviderOperations>, profileSource?: 'posts'): ReadonlySet<Capability> {
  const capabilities = new Set<Capability>(CAPABILITIES.filter((capability) => typeof operations[capability] === 'function'));
  if (profileSource === 'posts' && capabilities.has('userPosts')) capabilities.add('userByUsername');
  return capabilities;
}

/** Vendors keyed by handle need one; a user reached only by id cannot be read from them. */
export function requireUsername(provider: ProviderId, user: UserKey): string {
  if (user.username) return user.username;
  throw new ProviderError(provider, 'CAPABILITY_UNAVAILABLE', 'this vendor reads users by username only');
}
