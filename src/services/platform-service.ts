import type { CursorCodec } from '../cursor.js';
import type { Liker, Page, Platform, Post, PostLink, Reply, Thread, User } from '../domain.js';
import { FeedgraphError, isFeedgraphError } from '../errors.js';
import type { UpstreamLoaders } from '../loaders.js';
import type { Capability, PostKey, Provider, UserKey } from '../providers/provider.js';
import { allowsFallback, withFirstCapable } from './fallback.js';
import { connectionOf, planOf, type Connection, type ConnectionArguments } from './connection.js';
import type { ItemFilter, PageReference } from './paginate.js';

const NO_WINDOW = { since: null, until: null } as const;
/** How many native pages of its owner's timeline a post read by id is looked for in (12–25 posts each). */
export const TIMELINE_SEARCH_PAGES = 5;
/** The first native page, exactly as a connection with no cursor asks for it (so the loader key matches). */
const FIRST_PAGE = { token: null, direction: 'after', ...NO_WINDOW } as const;

/** Per-platform use cases: choose a provider by capability and priority, read through the request's loaders. */
export class PlatformService {
  constructor(
    readonly platform: Platform,
    private readonly providers: Provider[],
    private readonly loaders: UpstreamLoaders,
    private readonly cursors: CursorCodec,
  ) {}

  /** Handles are case-insensitive on both platforms; one spelling means one loader key. */
  userByUsername(handle: string): Promise<User> {
    const username = handle.toLowerCase();
    return withFirstCapable(this.platform, this.providers, 'userByUsername', async (provider) => {
      if (provider.profileSource !== 'posts') return this.loaders.load(provider, 'userByUsername', username);
      // Same key as the first page of posts, so `user { posts }` costs one upstream call.
      const page = await this.loaders.load(provider, 'userPosts', userKey(provider, { username, nativeId: null }), FIRST_PAGE);
      if (!page.owner) throw new FeedgraphError('NOT_FOUND', `${provider.id} did not return a profile for @${username}`);
      return page.owner;
    });
  }

  /**
   * Starts reading the first posts page of `username` now, in parallel with the profile, when the answer
   * will have the same loader key as the posts field's own call (vendors keyed by handle).
   */
  prefetchFirstPosts(username: string): void {
    const provider = this.providers.find((candidate) => candidate.capabilities.has('userPosts'));
    if (!provider || provider.keysUsersBy !== 'username' || provider.profileSource === 'posts') return;
    // A failure is not lost: the posts field reads the same (rejected) loader entry and reports it.
    this.loaders.load(provider, 'userPosts', userKey(provider, { username, nativeId: null }), FIRST_PAGE).catch(() => undefined);
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

  /**
   * A post by the id the graph handed out: read directly where a provider reads posts by id, else (or when
   * that fails) found in its owner's timeline, the first TIMELINE_SEARCH_PAGES native pages, through the
   * same loader keys (and cache) as `User.posts`.
   */
  async postById(nativeId: string, owner: string | null): Promise<Post> {
    if (this.providers.some((provider) => provider.capabilities.has('post'))) {
      try {
        return await this.post({ nativeId, shortcode: null });
      } catch (error) {
        if (!owner || !(allowsFallback(error) || (isFeedgraphError(error) && error.code === 'NOT_FOUND'))) throw error;
      }
    }
    if (!owner) {
      throw new FeedgraphError('BAD_USER_INPUT', `This ${this.platform} post id was issued before post ids carried their author's handle, and no configured provider reads ${this.platform} posts by id; read the post again (e.g. from its author's posts) for an id that resolves.`);
    }
    return this.postInTimeline(nativeId, owner);
  }

  private postInTimeline(nativeId: string, owner: string): Promise<Post> {
    const username = owner.toLowerCase();
    return withFirstCapable(this.platform, this.providers, 'userPosts', async (provider) => {
      const user = userKey(provider, { username, nativeId: null });
      let page: PageReference & typeof NO_WINDOW = FIRST_PAGE;
      for (let read = 0; read < TIMELINE_SEARCH_PAGES; read += 1) {
        const native = await this.loaders.load(provider, 'userPosts', user, page);
        const found = native.items.find((post) => post.nativeId === nativeId);
        if (found) return found;
        if (!native.nextToken) throw new FeedgraphError('NOT_FOUND', `@${username} has no ${this.platform} post ${nativeId} (${provider.id} lists their posts).`, { provider: provider.id });
        page = { token: native.nextToken, direction: 'after', ...NO_WINDOW };
      }
      throw new FeedgraphError('NOT_FOUND', `${this.platform} post ${nativeId} is not among the latest ${TIMELINE_SEARCH_PAGES} pages of @${username}'s posts, as far as feedgraph looks for a post without an id lookup.`, { provider: provider.id });
    });
  }

  async linkedPost(link: PostLink | null): Promise<Post | null> {
    if (!link) return null;
    return link.embedded ?? this.post({ nativeId: link.nativeId, shortcode: null });
  }

  thread(key: PostKey): Promise<Thread> {
    return withFirstCapable(this.platform, this.providers, 'thread', (provider) => this.loaders.load(provider, 'thread', key));
  }

  userPosts(user: Pick<User, 'username' | 'nativeId'>, args: ConnectionArguments & TimeWindowArguments): Promise<Connection<Post>> {
    const window = timeWindowOf(args);
    return this.connection({
      capability: 'userPosts',
      subject: `user:${user.username.toLowerCase()}|since:${window.since?.toISOString() ?? ''}|until:${window.until?.toISOString() ?? ''}`,
      args,
      filter: window.since || window.until ? timeFilter(window) : undefined,
      // Only vendors that filter by time see the window; for the rest the call (and its loader key) stays the unfiltered page.
      fetch: (provider, page) => this.loaders.load(provider, 'userPosts', userKey(provider, user), { ...page, ...(provider.timeWindows?.has('userPosts') ? window : NO_WINDOW) }),
    });
  }

  userReplies(user: User, args: ConnectionArguments): Promise<Connection<Reply>> {
    return this.connection({ capability: 'userReplies', subject: `user:${user.username.toLowerCase()}`, args, fetch: (provider, page) => this.loaders.load(provider, 'userReplies', userKey(provider, user), page) });
  }

  followers(user: User, args: ConnectionArguments): Promise<Connection<User>> {
    return this.connection({ capability: 'followers', subject: `user:${user.username.toLowerCase()}`, args, fetch: (provider, page) => this.loaders.load(provider, 'followers', userKey(provider, user), page) });
  }

  following(user: User, args: ConnectionArguments): Promise<Connection<User>> {
    return this.connection({ capability: 'following', subject: `user:${user.username.toLowerCase()}`, args, fetch: (provider, page) => this.loaders.load(provider, 'following', userKey(provider, user), page) });
  }

  postReplies(post: Post, args: ConnectionArguments): Promise<Connection<Reply>> {
    return this.connection({ capability: 'postReplies', subject: `post:${post.nativeId}`, args, fetch: (provider, page) => this.loaders.load(provider, 'postReplies', postKey(post), page) });
  }

  threadReplies(root: Post, args: ConnectionArguments): Promise<Connection<Reply>> {
    return this.connection({ capability: 'threadReplies', subject: `post:${root.nativeId}`, args, fetch: (provider, page) => this.loaders.load(provider, 'threadReplies', postKey(root), page) });
  }

  likers(post: Post, args: ConnectionArguments): Promise<Connection<Liker>> {
    return this.connection({ capability: 'likers', subject: `post:${post.nativeId}`, args, fetch: (provider, page) => this.loaders.load(provider, 'likers', postKey(post), page) });
  }

  searchUsers(query: string, args: ConnectionArguments): Promise<Connection<User>> {
    return this.connection({ capability: 'searchUsers', subject: `search:${query.toLowerCase()}`, args, fetch: (provider, page) => this.loaders.load(provider, 'searchUsers', query, page) });
  }

  /**
   * A first page falls back across providers like any read; once a cursor exists it pins the provider
   * that issued it, so a walk never switches vendors (their tokens differ).
   */
  private connection<T>(request: ConnectionPlan<T>): Promise<Connection<T>> {
    const plan = planOf(request.args);
    const scope = { connection: `${this.platform}:${request.capability}`, subject: request.subject };
    const start = plan.cursor === null ? null : this.cursors.decode(plan.cursor, scope);
    const read = (provider: Provider) => {
      if (plan.direction === 'backward' && !provider.backwardPaging?.has(request.capability)) {
        throw new FeedgraphError('BAD_USER_INPUT', `${provider.id} cannot page ${request.capability} backwards (last/before); use first/after.`, { provider: provider.id });
      }
      return connectionOf({ provider: provider.id, scope, cursors: this.cursors, plan, start, filter: request.filter, fetchPage: (page) => request.fetch(provider, page) });
    };
    if (!start) return withFirstCapable(this.platform, this.providers, request.capability, read);
    const issuer = this.providers.find((candidate) => candidate.id === start.provider);
    if (!issuer) throw new FeedgraphError('BAD_CURSOR', `Invalid cursor: it was issued by ${start.provider}, which is no longer configured.`);
    return read(issuer);
  }
}

interface ConnectionPlan<T> {
  capability: Capability;
  /** Identifies the list (and its filtering arguments): a cursor is valid only on the same one. */
  subject: string;
  args: ConnectionArguments;
  filter?: ItemFilter<T> | undefined;
  fetch: (provider: Provider, page: PageReference) => Promise<Page<T>>;
}

export interface TimeWindowArguments {
  since?: Date | null | undefined;
  until?: Date | null | undefined;
}

function timeWindowOf(args: TimeWindowArguments): { since: Date | null; until: Date | null } {
  const since = args.since ?? null;
  const until = args.until ?? null;
  if (since && until && since > until) throw new FeedgraphError('BAD_USER_INPUT', '"since" must not be later than "until".', { argument: 'since' });
  return { since, until };
}

/** Timelines are newest first: past `since` nothing more can match, and before `until` nothing earlier can. */
function timeFilter(window: { since: Date | null; until: Date | null }): ItemFilter<Post> {
  return {
    keep: (post) => (!window.since || post.createdAt >= window.since) && (!window.until || post.createdAt <= window.until),
    endsForward: (post) => window.since !== null && post.createdAt < window.since,
    endsBackward: (post) => window.until !== null && post.createdAt > window.until,
  };
}

function userKey(provider: Provider, user: Pick<User, 'username' | 'nativeId'>): UserKey {
  return { username: user.username.toLowerCase(), nativeId: provider.profileSource === 'posts' ? null : user.nativeId };
}

function postKey(post: Post): PostKey {
  return { nativeId: post.nativeId, shortcode: post.shortcode };
}
