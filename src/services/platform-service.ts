import type { CursorCodec } from '../cursor.js';
import type { Liker, Page, Platform, Post, PostLink, Reply, Thread, User } from '../domain.js';
import { FeedgraphError } from '../errors.js';
import type { UpstreamLoaders } from '../loaders.js';
import type { Capability, PostKey, Provider, UserKey } from '../providers/provider.js';
import { capabilityUnavailable, withFirstCapable } from './capabilities.js';
import { connectionOf, type Connection, type ConnectionArguments } from './connection.js';

/** Per-platform use cases: choose a provider by capability and priority, read through the request's loaders. */
export class PlatformService {
  constructor(
    readonly platform: Platform,
    private readonly providers: Provider[],
    private readonly loaders: UpstreamLoaders,
    private readonly cursors: CursorCodec,
  ) {}

  userByUsername(username: string): Promise<User> {
    return withFirstCapable(this.platform, this.providers, 'userByUsername', async (provider) => {
      if (provider.profileSource !== 'posts') return this.loaders.load(provider, 'userByUsername', username);
      // Same key as the first page of posts, so `user { posts }` costs one upstream call.
      const page = await this.loaders.load(provider, 'userPosts', userKey(provider, { username, nativeId: null }), { token: null });
      if (!page.owner) throw new FeedgraphError('NOT_FOUND', `${provider.id} did not return a profile for @${username}`);
      return page.owner;
    });
  }

  userById(nativeId: string): Promise<User> {
    return withFirstCapable(this.platform, this.providers, 'userById', (provider) => this.loaders.load(provider, 'userById', nativeId));
  }

  /** Authors embedded in posts carry only a summary; profile fields read the full profile once per request. */
  async completeUser(user: User): Promise<User> {
    if (user.isComplete) return user;
    return this.userByUsername(user.username);
  }

  post(key: PostKey): Promise<Post> {
    return withFirstCapable(this.platform, this.providers, 'post', (provider) => this.loaders.load(provider, 'post', key));
  }

  async linkedPost(link: PostLink | null): Promise<Post | null> {
    if (!link) return null;
    return link.embedded ?? this.post({ nativeId: link.nativeId, shortcode: null });
  }

  thread(key: PostKey): Promise<Thread> {
    return withFirstCapable(this.platform, this.providers, 'thread', (provider) => this.loaders.load(provider, 'thread', key));
  }

  userPosts(user: User, args: ConnectionArguments): Promise<Connection<Post>> {
    return this.connection('userPosts', `user:${user.username}`, args, (provider, token) => this.loaders.load(provider, 'userPosts', userKey(provider, user), { token }));
  }

  userReplies(user: User, args: ConnectionArguments): Promise<Connection<Reply>> {
    return this.connection('userReplies', `user:${user.username}`, args, (provider, token) => this.loaders.load(provider, 'userReplies', userKey(provider, user), { token }));
  }

  followers(user: User, args: ConnectionArguments): Promise<Connection<User>> {
    return this.connection('followers', `user:${user.username}`, args, (provider, token) => this.loaders.load(provider, 'followers', userKey(provider, user), { token }));
  }

  following(user: User, args: ConnectionArguments): Promise<Connection<User>> {
    return this.connection('following', `user:${user.username}`, args, (provider, token) => this.loaders.load(provider, 'following', userKey(provider, user), { token }));
  }

  postReplies(post: Post, args: ConnectionArguments): Promise<Connection<Reply>> {
    return this.connection('postReplies', `post:${post.nativeId}`, args, (provider, token) => this.loaders.load(provider, 'postReplies', postKey(post), { token }));
  }

  threadReplies(root: Post, args: ConnectionArguments): Promise<Connection<Reply>> {
    return this.connection('threadReplies', `post:${root.nativeId}`, args, (provider, token) => this.loaders.load(provider, 'threadReplies', postKey(root), { token }));
  }

  likers(post: Post, args: ConnectionArguments): Promise<Connection<Liker>> {
    return this.connection('likers', `post:${post.nativeId}`, args, (provider, token) => this.loaders.load(provider, 'likers', postKey(post), { token }));
  }

  searchUsers(query: string, args: ConnectionArguments): Promise<Connection<User>> {
    return this.connection('searchUsers', `search:${query}`, args, (provider, token) => this.loaders.load(provider, 'searchUsers', query, { token }));
  }

  /** A cursor pins the provider that issued it, so a walk never switches vendors (their tokens differ). */
  private connection<T>(capability: Capability, subject: string, args: ConnectionArguments, fetch: (provider: Provider, token: string | null) => Promise<Page<T>>): Promise<Connection<T>> {
    const scope = { connection: `${this.platform}:${capability}`, subject };
    const resume = args.after ? this.cursors.decode(args.after, scope) : null;
    const provider = resume ? this.providers.find((candidate) => candidate.id === resume.provider) : this.providers.find((candidate) => candidate.capabilities.has(capability));
    if (!provider) {
      if (resume) throw new FeedgraphError('BAD_CURSOR', `Invalid cursor: it was issued by ${resume.provider}, which is no longer configured.`);
      throw capabilityUnavailable(this.platform, capability, this.providers);
    }
    return connectionOf({ provider: provider.id, scope, cursors: this.cursors, args, start: resume, fetchPage: (token) => fetch(provider, token) });
  }
}

/** Vendors that read profiles from the posts call key by handle alone, so `user` and `user { posts }` share one call. */
function userKey(provider: Provider, user: Pick<User, 'username' | 'nativeId'>): UserKey {
  return { username: user.username.toLowerCase(), nativeId: provider.profileSource === 'posts' ? null : user.nativeId };
}

function postKey(post: Post): PostKey {
  return { nativeId: post.nativeId, shortcode: post.shortcode };
}
