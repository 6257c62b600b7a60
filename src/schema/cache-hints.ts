import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLEnumType, GraphQLInt } from 'graphql';
import { TTL_SECONDS } from '../providers/vendor-calls.js';

/** PUBLIC: the same for whoever asks; PRIVATE: only the asker's own cache may keep it (Apollo's `CacheControlScope`). */
export type CacheScope = 'PUBLIC' | 'PRIVATE';

/** How long an answer may be reused, in the manner of Apollo's `@cacheControl(maxAge:, scope:)`. */
export interface CacheHint {
  maxAge: number;
  scope?: CacheScope;
}

/** A post read by id may be found in its owner's timeline pages, which live shorter than a post read alone. */
const POST_LOOKUP: CacheHint = { maxAge: Math.min(TTL_SECONDS.post, TTL_SECONDS.posts) };

/** Breaker states change from one call to the next; an admin's dashboard may keep them a few seconds. */
const PROVIDER_STATUS: CacheHint = { maxAge: 5, scope: 'PRIVATE' };

/** A type's hint applies to every field that returns it, unless the field has its own. */
export const TYPE_CACHE_HINTS: Readonly<Record<string, CacheHint>> = {
  User: { maxAge: TTL_SECONDS.profile },
  Post: { maxAge: TTL_SECONDS.post },
  Thread: { maxAge: TTL_SECONDS.replies },
  ProviderStatus: PROVIDER_STATUS,
};

/** Fields that read a vendor answer other than their parent's, keyed `Type.field`; other fields inherit their parent's age. */
export const FIELD_CACHE_HINTS: Readonly<Record<string, CacheHint>> = {
  'Query.feed': { maxAge: TTL_SECONDS.posts },
  'Query.post': POST_LOOKUP,
  'Query.providers': PROVIDER_STATUS,
  'Query.searchUsers': { maxAge: TTL_SECONDS.search },
  'User.posts': { maxAge: TTL_SECONDS.posts },
  'User.replies': { maxAge: TTL_SECONDS.posts },
  'User.followers': { maxAge: TTL_SECONDS.friendships },
  'User.following': { maxAge: TTL_SECONDS.friendships },
  'Post.replyTo': POST_LOOKUP,
  'Post.quotedPost': POST_LOOKUP,
  'Post.repostedPost': POST_LOOKUP,
  'Post.thread': { maxAge: TTL_SECONDS.replies },
  'Post.replies': { maxAge: TTL_SECONDS.replies },
  'Post.likers': { maxAge: TTL_SECONDS.likers },
  'Thread.replies': { maxAge: TTL_SECONDS.replies },
};

const CacheControlScopeEnum = new GraphQLEnumType({
  name: 'CacheControlScope',
  description: 'Who may keep a cached answer.',
  values: {
    PUBLIC: { description: 'Any cache: the answer is the same whoever asks.' },
    PRIVATE: { description: "Only the asker's own cache: the answer depends on who asks." },
  },
});

/** Apollo's definition, so Apollo Router, Hive Gateway and Apollo Server tooling read the subgraph SDL as they expect. */
export const cacheControlDirective = new GraphQLDirective({
  name: 'cacheControl',
  description: 'How long an answer that reads this type or field may be cached (the smallest age in a response wins).',
  locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT, DirectiveLocation.INTERFACE, DirectiveLocation.UNION],
  args: {
    maxAge: { type: GraphQLInt, description: 'Seconds.' },
    scope: { type: CacheControlScopeEnum, description: 'PUBLIC unless stated.' },
    inheritMaxAge: { type: GraphQLBoolean, description: "Take the parent field's age (Apollo's option; feedgraph's hints do not use it)." },
  },
});

/** The hint a schema element carries in its extensions (set by the cache-hints Pothos plugin), if any. */
export function cacheHintOf(element: { extensions: Readonly<Record<string, unknown>> | null | undefined }): CacheHint | undefined {
  const hint = element.extensions?.cacheHint;
  if (typeof hint !== 'object' || hint === null || typeof (hint as { maxAge?: unknown }).maxAge !== 'number') return undefined;
  return hint as CacheHint;
}
