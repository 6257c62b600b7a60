import { decodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { nativeIdSchema, usernameSchema } from './arguments.js';
import { parseNodeId } from './node-ids.js';
import { PostRef, ThreadRef, UserRef } from './refs.js';

/**
 * Federation entities: User, Post and Thread are keyed by their global `id`, so another subgraph can
 * reference or extend them knowing nothing but that id.
 */
function localId(globalId: string, typename: string): string {
  const decoded = decodeGlobalID(globalId);
  if (decoded.typename !== typename) throw new Error(`not a ${typename} id`);
  return decoded.id;
}

builder.asEntity(UserRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, context) => {
    const { platform, key } = parseNodeId(localId(id, 'User'), usernameSchema);
    return context.services.forPlatform(platform).userByUsername(key);
  },
});

builder.asEntity(PostRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, context) => {
    const { platform, key } = parseNodeId(localId(id, 'Post'), nativeIdSchema);
    return context.services.forPlatform(platform).post({ nativeId: key, shortcode: null });
  },
});

builder.asEntity(ThreadRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, context) => {
    const { platform, key } = parseNodeId(localId(id, 'Thread'), nativeIdSchema);
    return context.services.forPlatform(platform).thread({ nativeId: key, shortcode: null });
  },
});
