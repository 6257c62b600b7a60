import type { User } from '../domain.js';
import { reportingProblems } from './problems.js';
import { builder, connectionCost, UPSTREAM_COST } from '../builder.js';
import { PlatformEnum } from './enums.js';
import { searchQuerySchema, userIdSchema, usernameSchema } from './arguments.js';
import { selectsFirstPostsPage } from './lookahead.js';
import { userNodeId } from './node-ids.js';
import { userByNodeId } from './node-lookup.js';
import { ImageRef, PostConnection, ReplyConnection, UserConnection, UserRef } from './refs.js';
import type { GraphContext } from '../context.js';
import { badUserInput } from '../errors.js';

/** Profile fields of an embedded author read the full profile (once per request) when asked for. */
function profile<Key extends keyof User>(key: Key) {
  return async (user: User, _args: object, context: GraphContext): Promise<User[Key]> => {
    if (user.isComplete || user[key] !== null) return user[key];
    return (await context.services.forPlatform(user.platform).completeUser(user))[key];
  };
}

builder.node(UserRef, {
  description: 'A Threads or Instagram account.',
  id: { resolve: (user) => userNodeId(user) },
  loadOne: (id, context) => userByNodeId(id, context),
  fields: (t) => ({
    platform: t.field({ type: PlatformEnum, description: 'The platform this account is on.', resolve: (user) => user.platform }),
    nativeId: t.exposeString('nativeId', {
      nullable: true,
      description: "The platform's own numeric id, when the serving vendor exposes it.",
    }),
    username: t.exposeString('username', { description: 'The handle, without "@".' }),
    url: t.field({ type: 'URL', description: 'The public profile page.', resolve: (user) => user.url }),
    fullName: t.string({ nullable: true, description: 'Display name.', resolve: profile('fullName') }),
    biography: t.string({ nullable: true, description: 'Profile text.', resolve: profile('biography') }),
    isVerified: t.boolean({
      nullable: true,
      description: 'Whether the account carries the verified badge.',
      resolve: profile('isVerified'),
    }),
    isPrivate: t.boolean({
      nullable: true,
      description: 'Whether the account is private (its posts are then not readable).',
      resolve: profile('isPrivate'),
    }),
    followerCount: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Followers, when the vendor reports them.',
      resolve: profile('followerCount'),
    }),
    followingCount: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Accounts followed, when the vendor reports them.',
      resolve: profile('followingCount'),
    }),
    postCount: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Posts published, when the vendor reports them.',
      resolve: profile('postCount'),
    }),
    profilePicture: t.field({
      type: ImageRef,
      nullable: true,
      description: 'The largest profile picture available.',
      resolve: profile('profilePicture'),
    }),
    source: t.exposeString('source', { description: 'Which provider served this object.' }),
    posts: t.field({
      type: PostConnection,
      nullable: true,
      complexity: connectionCost,
      args: {
        ...t.arg.connectionArgs(),
        since: t.arg({ type: 'DateTime', description: 'Only posts published at or after this time.' }),
        until: t.arg({ type: 'DateTime', description: 'Only posts published at or before this time.' }),
      },
      description:
        "The account's posts, newest first. Page forward with first/after; where the vendor allows it (Threads Graph API) also backward with last/before.",
      resolve: (user, args, context, info) =>
        reportingProblems(context.services.forPlatform(user.platform).userPosts(user, args), context, info),
    }),
    replies: t.field({
      type: ReplyConnection,
      nullable: true,
      complexity: connectionCost,
      args: { ...t.arg.connectionArgs() },
      description: "The account's replies to other posts, newest first.",
      resolve: (user, args, context, info) =>
        reportingProblems(context.services.forPlatform(user.platform).list('userReplies', user, args), context, info),
    }),
    followers: t.field({
      type: UserConnection,
      nullable: true,
      complexity: connectionCost,
      args: { ...t.arg.connectionArgs() },
      description: 'Accounts that follow this one.',
      resolve: (user, args, context, info) =>
        reportingProblems(context.services.forPlatform(user.platform).list('followers', user, args), context, info),
    }),
    following: t.field({
      type: UserConnection,
      nullable: true,
      complexity: connectionCost,
      args: { ...t.arg.connectionArgs() },
      description: 'Accounts this one follows.',
      resolve: (user, args, context, info) =>
        reportingProblems(context.services.forPlatform(user.platform).list('following', user, args), context, info),
    }),
  }),
});

builder.queryFields((t) => ({
  user: t.field({
    type: UserRef,
    nullable: true,
    complexity: UPSTREAM_COST,
    description: 'One account, by username or by native id.',
    args: {
      platform: t.arg({ type: PlatformEnum, required: true, description: 'Which platform to read.' }),
      username: t.arg.string({ description: 'The handle, with or without "@".', validate: usernameSchema }),
      id: t.arg.id({
        description: 'The platform\'s numeric user id, or "me" for the account whose Threads Graph token is configured.',
        validate: userIdSchema,
      }),
    },
    resolve: (_root, args, context, info) => {
      const service = context.services.forPlatform(args.platform);
      if (args.username) return service.userByUsername(args.username, { prefetchFirstPosts: selectsFirstPostsPage(info) });
      if (args.id) return service.userById(String(args.id));
      throw badUserInput('Give either "username" or "id".');
    },
  }),
  users: t.field({
    type: [UserRef],
    nullable: { list: false, items: true },
    complexity: (args) => ({ field: UPSTREAM_COST * args.usernames.length, multiplier: args.usernames.length }),
    description: 'Several accounts by username, in the order asked; an account that cannot be read is null with an error.',
    args: {
      platform: t.arg({ type: PlatformEnum, required: true, description: 'Which platform to read.' }),
      usernames: t.arg.stringList({
        required: true,
        description: 'Up to 50 handles.',
        validate: usernameSchema.array().max(50, 'at most 50 usernames'),
      }),
    },
    resolve: (_root, args, context, info) => {
      const service = context.services.forPlatform(args.platform);
      const prefetchFirstPosts = selectsFirstPostsPage(info);
      return args.usernames.map((username) => service.userByUsername(username, { prefetchFirstPosts }));
    },
  }),
  searchUsers: t.field({
    type: UserConnection,
    nullable: true,
    complexity: connectionCost,
    description: 'Accounts matching a search text.',
    args: {
      platform: t.arg({ type: PlatformEnum, required: true, description: 'Which platform to read.' }),
      query: t.arg.string({ required: true, description: 'Text to match against usernames and names.', validate: searchQuerySchema }),
      ...t.arg.connectionArgs(),
    },
    resolve: (_root, args, context, info) =>
      reportingProblems(context.services.forPlatform(args.platform).list('searchUsers', args.query, args), context, info),
  }),
}));
