import { brandWithType } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { builder, MAX_OBJECTS_BY_ID, NODE_COST, objectsByIdCost, UPSTREAM_COST } from '../builder.js';
import type { GraphContext } from '../context.js';
import { badUserInput } from '../errors.js';
import { postByNodeId, threadByNodeId, userByNodeId } from './node-lookup.js';
import { PostRef, ThreadRef, UserRef } from './refs.js';

// A Map, not an object: a client's typename such as "__proto__" must not find a prototype's property.
const LOOKUPS = new Map<
  string,
  { load: (id: string, context: GraphContext) => Promise<object>; ref: typeof UserRef | typeof PostRef | typeof ThreadRef }
>([
  ['User', { load: userByNodeId, ref: UserRef }],
  ['Post', { load: postByNodeId, ref: PostRef }],
  ['Thread', { load: threadByNodeId, ref: ThreadRef }],
]);

/** One global id's object; a bad or unreadable id rejects only its own entry. */
async function nodeOf(globalId: string, context: GraphContext): Promise<object> {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw badUserInput('Not an id this API issued.');
  }
  const lookup = LOOKUPS.get(decoded.typename);
  if (!lookup) throw badUserInput('Not an id this API issued.');
  const value = await lookup.load(decoded.id, context);
  // The Node interface tells its members apart by this brand.
  brandWithType(value, lookup.ref);
  return value;
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The type a global id names, for pricing; null when it does not decode (it is refused without a read). */
function typenameOf(globalId: string | number): string | null {
  try {
    return decodeGlobalID(String(globalId)).typename;
  } catch {
    return null;
  }
}

builder.queryField('node', (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any object by its global id.',
    args: { id: t.arg.id({ required: true, description: 'A global id from an `id` field.' }) },
    complexity: (args) => objectsByIdCost([typenameOf(args.id)]).field,
    resolve: (_root, args, context) => nodeOf(String(args.id), context),
  }),
);

builder.queryField('nodes', (t) =>
  t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `Several objects by global id, in the order asked; an unknown or unreadable one is null, with its own error. At most ${MAX_OBJECTS_BY_ID} ids, each priced at the vendor calls its read may take (a user or thread 1, a post up to ${NODE_COST / UPSTREAM_COST}).`,
    args: { ids: t.arg.idList({ required: true, description: `Global ids from \`id\` fields, at most ${MAX_OBJECTS_BY_ID}.` }) },
    complexity: (args) => objectsByIdCost(args.ids.map(typenameOf)),
    // Each entry settles to its object or its Error, which the executor reports at that index: graphql-jit mis-sizes
    // a list when one item's promise rejects.
    resolve: (_root, args, context) => {
      if (args.ids.length > MAX_OBJECTS_BY_ID)
        throw badUserInput(`"ids" takes at most ${MAX_OBJECTS_BY_ID} ids; got ${args.ids.length}.`, { argument: 'ids' });
      return Promise.all(args.ids.map((id) => nodeOf(String(id), context).catch(asError)));
    },
  }),
);
