import { decodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { postByNodeId, threadByNodeId, userByNodeId } from './node-lookup.js';
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
  resolveReference: ({ id }, context) => userByNodeId(localId(id, 'User'), context),
});

builder.asEntity(PostRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, context) => postByNodeId(localId(id, 'Post'), context),
});

builder.asEntity(ThreadRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, context) => threadByNodeId(localId(id, 'Thread'), context),
});
