import type { CursorCodec } from '../cursor.js';
import type { Page, Platform, Post, PostLink, Thread, User } from '../domain.js';
import { FeedgraphError, isFeedgraphError } from '../errors.js';
import type { UpstreamLoaders } from '../loaders.js';
import { PLATFORM_RULES } from '../platforms.js';
import type { Capability, OperationArguments, PostKey, Provider, ProviderOperations, UserKey } from '../providers/provider.js';
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

  /**
   * The profile behind a handle. With `prefetchFirstPosts` (the query reads the first page of its posts),
   * that page is started now, in parallel, when its answer will have the posts field's own loader key.
   */
  userByUsername(handle: string, options: { prefetchFirstPosts?: boolean } = {}): Promise<User> {
    const username = this.canonicalHandle(handle);
    if (options.prefetchFirstPosts) this.prefetchFirstPosts(username);
    return withFirstCapable(this.platform, this.providers, 'userByUsername', async (provider) => {
      if (provider.profileSource !== 'posts') return this.loaders.load(provider, 'userByUsername', username);
      // Same key as the first page of posts, so `user { posts }` costs one upstream call.
      const page = await this.loaders.load(provider, 'userPosts', userKey(provider, { username, nativeId: null }), FIRST_PAGE);
      if (!page.owner) throw new FeedgraphError('NOT_FOUND', `${provider.id} did not return a profile for @${username}`);
      return page.owner;
    });
  }

  /** Vendors (and clients) spell one account's handle in several ways: lists, cursors and loader keys use this one. */
  private canonicalHandle(handle: string): string {
    return PLATFORM_RULES[this.platform].canonicalHandle(handle);
  }

  /** Vendors keyed by handle only: a vendor keyed by id would not share the posts field's key. */
  private prefetchFirstPosts(username: string): void {
    const provider = this.providers.find((candidate) => candidate.capabilities.has('userPosts'));
    if (provider?.keysUsersBy !== 'username' || provider.profileSource === 'posts') return;
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
      throw new FeedgraphError(
        'BAD_USER_INPUT',
        `This ${this.platform} post id was issued before post ids carried their author's handle, and no configured provider reads ${this.platform} posts by id; read the post again (e.g. from its author's posts) for an id that resolves.`,
      );
    }
    return this.postInTimeline(nativeId, owner);
  }

  private postInTimeline(nativeId: string, owner: string): Promise<Post> {
    const username = this.canonicalHandle(owner);
    return withFirstCapable(this.platform, this.providers, 'userPosts', async (provider) => {
      const user = userKey(provider, { username, nativeId: null });
      let page: PageReference & typeof NO_WINDOW = FIRST_PAGE;
      for (let read = 0; read < TIMELINE_SEARCH_PAGES; read += 1) {
        const native = await this.loaders.load(provider, 'userPosts', user, page);
        const found = native.items.find((post) => post.nativeId === nativeId);
        if (found) return found;
        if (!native.nextToken)
          throw new FeedgraphError(
            'NOT_FOUND',
            `@${username} has no ${this.platform} post ${nativeId} (${provider.id} lists their posts).`,
            { provider: provider.id },
          );
        page = { token: native.nextToken, direction: 'after', ...NO_WINDOW };
      }
      throw new FeedgraphError(
        'NOT_FOUND',
        `${this.platform} post ${nativeId} is not among the latest ${TIMELINE_SEARCH_PAGES} pages of @${username}'s posts, as far as feedgraph looks for a post without an id lookup.`,
        { provider: provider.id },
      );
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
    const subject = userSubject(this.platform, user);
    return this.connection({
      capability: 'userPosts',
      subject: `user:${subject.username}|since:${window.since?.toISOString() ?? ''}|until:${window.until?.toISOString() ?? ''}`,
      args,
      filter: window.since || window.until ? timeFilter(window) : undefined,
      // Only vendors that filter by time see the window; for the rest the call (and its loader key) stays the unfiltered page.
      fetch: (provider, page) =>
        this.loaders.load(provider, 'userPosts', userKey(provider, subject), {
          ...page,
          ...(provider.timeWindows?.has('userPosts') ? window : NO_WINDOW),
        }),
    });
  }

  /** One of the lists in LISTS (a user's replies, followers and following; a post's replies and likers; a search). */
  list<C extends ListCapability>(capability: C, of: ListSubject<C>, args: ConnectionArguments): Promise<Connection<ListItem<C>>> {
    const rules: ListRules<ListSubject<C>, OperationArguments<C>[0]> = LISTS[capability];
    const subject = rules.canonical(this.platform, of);
    return this.connection({
      capability,
      subject: rules.scope(subject),
      args,
      // The table pairs each capability with its key; TypeScript cannot follow the pairing through C.
      fetch: (provider, page) =>
        this.loaders.load(provider, capability, ...([rules.key(provider, subject), page] as OperationArguments<C>)) as Promise<
          Page<ListItem<C>>
        >,
    });
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
        throw new FeedgraphError(
          'BAD_USER_INPUT',
          `${provider.id} cannot page ${request.capability} backwards (last/before); use first/after.`,
          { provider: provider.id },
        );
      }
      return connectionOf({
        provider: provider.id,
        scope,
        cursors: this.cursors,
        plan,
        start,
        filter: request.filter,
        fetchPage: (page) => request.fetch(provider, page),
      });
    };
    if (!start) return withFirstCapable(this.platform, this.providers, request.capability, read);
    const issuer = this.providers.find((candidate) => candidate.id === start.provider);
    if (!issuer)
      throw new FeedgraphError('BAD_CURSOR', `Invalid cursor: it was issued by ${start.provider}, which is no longer configured.`);
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
  if (since && until && since > until)
    throw new FeedgraphError('BAD_USER_INPUT', '"since" must not be later than "until".', { argument: 'since' });
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

/** A user whose handle is canonical: the one spelling lists, cursors and loader keys use. */
interface UserSubject {
  username: string;
  nativeId: string | null;
}

function userSubject(platform: Platform, user: Pick<User, 'username' | 'nativeId'>): UserSubject {
  return { username: PLATFORM_RULES[platform].canonicalHandle(user.username), nativeId: user.nativeId };
}

function userKey(provider: Provider, user: UserSubject): UserKey {
  return { username: user.username, nativeId: provider.profileSource === 'posts' ? null : user.nativeId };
}

function postKey(post: Pick<Post, 'nativeId' | 'shortcode'>): PostKey {
  return { nativeId: post.nativeId, shortcode: post.shortcode };
}

/** How one kind of list is named in its cursors and keyed for its provider. Methods, so the table below type-checks per entry. */
interface ListRules<Subject, Key> {
  /** The subject as `scope` and `key` see it (a user's handle made canonical). */
  canonical(platform: Platform, subject: Subject): Subject;
  /** Identifies the list: a cursor is valid only on the same one. */
  scope(subject: Subject): string;
  key(provider: Provider, subject: Subject): Key;
}

const USER_LIST: ListRules<UserSubject, UserKey> = { canonical: userSubject, scope: (user) => `user:${user.username}`, key: userKey };
const POST_LIST: ListRules<Pick<Post, 'nativeId' | 'shortcode'>, PostKey> = {
  canonical: (_platform, post) => post,
  scope: (post) => `post:${post.nativeId}`,
  key: (_provider, post) => postKey(post),
};
const SEARCH: ListRules<string, string> = {
  canonical: (_platform, query) => query,
  scope: (query) => `search:${query.toLowerCase()}`,
  key: (_provider, query) => query,
};

/** The connections read by a subject and a page alone (`userPosts` also takes a time window). */
const LISTS = {
  userReplies: USER_LIST,
  followers: USER_LIST,
  following: USER_LIST,
  postReplies: POST_LIST,
  threadReplies: POST_LIST,
  likers: POST_LIST,
  searchUsers: SEARCH,
} as const;

export type ListCapability = keyof typeof LISTS;
type ListSubject<C extends ListCapability> = Parameters<(typeof LISTS)[C]['scope']>[0];
type ListItem<C extends ListCapability> = Awaited<ReturnType<ProviderOperations[C]>> extends Page<infer Item> ? Item : never;
