import { reportingProblems } from './problems.js';
import { builder, connectionCost, UPSTREAM_COST } from '../builder.js';
import { hashtagsIn, mentionsIn } from '../domain.js';
import { badUserInput } from '../errors.js';
import { PLATFORM_RULES } from '../platforms.js';
import { nativeIdSchema, shortcodeSchema } from './arguments.js';
import { MediaTypeEnum, PlatformEnum } from './enums.js';
import { postNodeId } from './node-ids.js';
import { postByNodeId } from './node-lookup.js';
import { PollRef } from './poll.js';
import { LikerConnection, MediaRef, PostRef, ReplyConnection, ThreadRef, UserRef } from './refs.js';

builder.node(PostRef, {
  description: 'A Threads post or an Instagram post or reel.',
  id: { resolve: (post) => postNodeId(post) },
  loadOne: (id, context) => postByNodeId(id, context),
  fields: (t) => ({
    platform: t.field({ type: PlatformEnum, description: 'The platform this post is on.', resolve: (post) => post.platform }),
    nativeId: t.exposeString('nativeId', { description: "The platform's own id for the post." }),
    shortcode: t.exposeString('shortcode', { nullable: true, description: "The code in the post's URL." }),
    url: t.field({ type: 'URL', nullable: true, description: 'The public permalink.', resolve: (post) => post.url }),
    author: t.field({ type: UserRef, description: 'Who published the post.', resolve: (post) => post.author }),
    text: t.exposeString('text', { nullable: true, description: 'The caption or post text.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was published.', resolve: (post) => post.createdAt }),
    mediaType: t.field({ type: MediaTypeEnum, description: 'What kind of post this is.', resolve: (post) => post.mediaType }),
    media: t.field({
      type: [MediaRef],
      description: 'Images, videos and GIFs, in carousel order; empty for text posts without a GIF.',
      resolve: (post) => post.media,
    }),
    likeCount: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Likes, when the vendor reports them.',
      resolve: (post) => post.likeCount,
    }),
    replyCount: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Direct replies or comments.',
      resolve: (post) => post.replyCount,
    }),
    repostCount: t.field({ type: 'SafeInt', nullable: true, description: 'Reposts (Threads).', resolve: (post) => post.repostCount }),
    quoteCount: t.field({ type: 'SafeInt', nullable: true, description: 'Quote posts (Threads).', resolve: (post) => post.quoteCount }),
    shareCount: t.field({ type: 'SafeInt', nullable: true, description: 'Shares or reshares.', resolve: (post) => post.shareCount }),
    viewCount: t.field({ type: 'SafeInt', nullable: true, description: 'Plays or views, for videos.', resolve: (post) => post.viewCount }),
    isReply: t.exposeBoolean('isReply', { description: 'Whether this post replies to another.' }),
    replyTo: t.field({
      type: PostRef,
      nullable: true,
      complexity: UPSTREAM_COST,
      description: 'The post this one replies to, when the vendor links it.',
      resolve: (post, _args, context) => context.services.forPlatform(post.platform).linkedPost(post.replyTo),
    }),
    replyToUsername: t.exposeString('replyToUsername', {
      nullable: true,
      description: 'Whom this post replies to, when only the handle is known.',
    }),
    quotedPost: t.field({
      type: PostRef,
      nullable: true,
      complexity: UPSTREAM_COST,
      description: 'The post this one quotes.',
      resolve: (post, _args, context) => context.services.forPlatform(post.platform).linkedPost(post.quotedPost),
    }),
    repostedPost: t.field({
      type: PostRef,
      nullable: true,
      complexity: UPSTREAM_COST,
      description: 'The post this one reposts.',
      resolve: (post, _args, context) => context.services.forPlatform(post.platform).linkedPost(post.repostedPost),
    }),
    hashtags: t.stringList({
      description: 'Hashtags in the text, without "#".',
      resolve: (post) => post.hashtags ?? hashtagsIn(post.text),
    }),
    mentions: t.stringList({
      description: 'Usernames mentioned in the text, without "@".',
      resolve: (post) => post.mentions ?? mentionsIn(post.text),
    }),
    topicTag: t.exposeString('topicTag', { nullable: true, description: 'The Threads topic tag shown in the post header.' }),
    linkAttachment: t.field({
      type: 'URL',
      nullable: true,
      description: 'The link attached to the post.',
      resolve: (post) => post.linkAttachment,
    }),
    poll: t.field({
      type: PollRef,
      nullable: true,
      description:
        'The poll attached to the post; null also when the serving vendor does not report polls (only the Threads Graph API does).',
      resolve: (post) => post.poll ?? null,
    }),
    source: t.exposeString('source', { description: 'Which provider served this post.' }),
    thread: t.field({
      type: ThreadRef,
      nullable: true,
      complexity: UPSTREAM_COST,
      description: "The thread this post starts: the post, the author's continuation and the replies.",
      resolve: (post, _args, context) =>
        context.services.forPlatform(post.platform).thread({ nativeId: post.nativeId, shortcode: post.shortcode }),
    }),
    replies: t.field({
      type: ReplyConnection,
      nullable: true,
      complexity: connectionCost,
      args: { ...t.arg.connectionArgs() },
      description: 'Direct replies to this post.',
      resolve: (post, args, context, info) =>
        reportingProblems(context.services.forPlatform(post.platform).list('postReplies', post, args), context, info),
    }),
    likers: t.field({
      type: LikerConnection,
      nullable: true,
      complexity: connectionCost,
      args: { ...t.arg.connectionArgs() },
      description: 'Accounts that liked this post.',
      resolve: (post, args, context, info) =>
        reportingProblems(context.services.forPlatform(post.platform).list('likers', post, args), context, info),
    }),
  }),
});

builder.queryField('post', (t) =>
  t.field({
    type: PostRef,
    nullable: true,
    complexity: UPSTREAM_COST,
    description: 'One post, by native id, shortcode or permalink.',
    args: {
      platform: t.arg({ type: PlatformEnum, required: true, description: 'Which platform to read.' }),
      id: t.arg.id({ description: "The platform's post id.", validate: nativeIdSchema }),
      shortcode: t.arg.string({ description: 'The code in the post URL.', validate: shortcodeSchema }),
      url: t.arg({ type: 'URL', description: 'The post permalink.' }),
    },
    resolve: (_root, args, context) => {
      const service = context.services.forPlatform(args.platform);
      if (args.id) return service.post({ nativeId: String(args.id), shortcode: null });
      const fromUrl = args.url ? PLATFORM_RULES[args.platform].shortcodeFromUrl(args.url.toString()) : null;
      if (args.url && !fromUrl) throw badUserInput(`"url" is not a ${args.platform} post permalink.`);
      const shortcode = args.shortcode ?? fromUrl;
      if (!shortcode) throw badUserInput('Give one of "id", "shortcode" or "url".');
      return service.post({ nativeId: null, shortcode });
    },
  }),
);
