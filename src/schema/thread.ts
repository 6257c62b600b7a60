import { reportingProblems } from './problems.js';
import { builder, conversationCost } from '../builder.js';
import { postNodeId } from './node-ids.js';
import { threadByNodeId } from './node-lookup.js';
import { PostRef, ReplyConnection, ThreadRef } from './refs.js';

builder.node(ThreadRef, {
  description: "A root post with the author's own continuation posts and the conversation under it.",
  id: { resolve: (thread) => postNodeId(thread.root) },
  loadOne: (id, context) => threadByNodeId(id, context),
  fields: (t) => ({
    root: t.field({ type: PostRef, description: 'The post that starts the thread.', resolve: (thread) => thread.root }),
    items: t.field({
      type: [PostRef],
      description: "The root and the author's continuation posts, in order.",
      resolve: (thread) => thread.items,
    }),
    replies: t.field({
      type: ReplyConnection,
      nullable: true,
      complexity: conversationCost,
      args: { ...t.arg.connectionArgs() },
      description: 'Every reply in the conversation, at every depth.',
      resolve: (thread, args, context, info) =>
        reportingProblems(context.services.forPlatform(thread.platform).list('threadReplies', thread.root, args), context, info),
    }),
  }),
});
