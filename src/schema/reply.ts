import { builder, UPSTREAM_COST } from '../builder.js';
import { PostRef, ReplyRef } from './refs.js';

builder.objectType(ReplyRef, {
  description: 'A reply in a conversation.',
  fields: (t) => ({
    post: t.field({ type: PostRef, description: 'The reply itself.', resolve: (reply) => reply.post }),
    depth: t.exposeInt('depth', {
      nullable: true,
      description: '1 for a direct reply to the root post, 2 for a reply to that, and so on; null when the vendor does not say.',
    }),
    parent: t.field({
      type: PostRef,
      nullable: true,
      complexity: UPSTREAM_COST,
      description: 'The post this reply answers.',
      resolve: (reply, _args, context) => context.services.forPlatform(reply.post.platform).linkedPost(reply.parent),
    }),
  }),
});
