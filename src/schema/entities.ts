import { decodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { builder, MAX_OBJECTS_BY_ID, objectsByIdCost } from '../builder.js';
import type { GraphContext } from '../context.js';
import { badUserInput } from '../errors.js';
import { postByNodeId, threadByNodeId, userByNodeId } from './node-lookup.js';
import { asError } from './nodes.js';
import { PostRef, ThreadRef, UserRef } from './refs.js';

/**
 * Federation entities: User, Post and Thread are keyed by their global `id`, so another subgraph can
 * reference or extend them knowing nothing but that id.
 */
function localId(globalId: string, typename: string): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw badUserInput(`Not a ${typename} id this API issued.`);
  }
  if (decoded.typename !== typename) throw badUserInput(`Not a ${typename} id: it names a ${decoded.typename}.`);
  return decoded.id;
}

builder.asEntity(UserRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, context) => userByNodeId(localId(id, 'User'), context),
});

builder.asEntity(PostRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, context) => postByNodeId(localId(id, 'Post'), context),
});

builder.asEntity(ThreadRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, context) => threadByNodeId(localId(id, 'Thread'), context),
});

const ENTITY_TYPENAMES = new Set(['User', 'Post', 'Thread']);

interface Representation {
  __typename: string;
  id: string;
}

function typenameOf(representation: unknown): string | null {
  if (typeof representation !== 'object' || representation === null) return null;
  const typename = (representation as { __typename?: unknown }).__typename;
  return typeof typename === 'string' ? typename : null;
}

/** The graph's own name of the entity a representation names with the subgraph's (prefixed) typename; null for none. */
function entityTypenameOf(representation: unknown, prefix: string): string | null {
  const typename = typenameOf(representation);
  if (typename === null || !typename.startsWith(prefix)) return null;
  const own = typename.slice(prefix.length);
  return ENTITY_TYPENAMES.has(own) ? own : null;
}

function checkedRepresentation(representation: unknown, index: number, prefix: string): Representation {
  const id = (representation as { id?: unknown } | null)?.id;
  if (entityTypenameOf(representation, prefix) === null || typeof id !== 'string') {
    const [user, post, thread] = [...ENTITY_TYPENAMES].map((typename) => `"${prefix}${typename}"`);
    throw badUserInput(`representations[${index}] must be an object {"__typename": ${user}, ${post} or ${thread}, "id": a global id}.`, {
      argument: 'representations',
      index,
    });
  }
  return { __typename: typenameOf(representation)!, id };
}

/**
 * Makes Federation's `_entities` (built by @apollo/subgraph, not by Pothos) safe and priced: each representation
 * settles on its own, a malformed one into its own BAD_USER_INPUT (the library throws mid-list, abandoning the
 * reads it has already started), the list has a maximum, and the cost limit prices it like `nodes`. With a
 * prefix (src/schema/federation-prefix.ts), representations name the entities by their prefixed typenames.
 */
export function guardEntities(schema: GraphQLSchema, prefix = ''): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolveEach = field?.resolve as GraphQLFieldResolver<unknown, GraphContext, { representations: unknown[] }> | undefined;
  if (!field || !resolveEach) throw new Error('the subgraph schema has no _entities field to guard');
  field.description = `The objects behind Federation representations, in the order given; a malformed or unreadable one is null, with its own error. At most ${MAX_OBJECTS_BY_ID}, priced like \`nodes\`.`;
  field.extensions = {
    ...field.extensions,
    complexity: (args: { representations: unknown[] }) =>
      objectsByIdCost(args.representations.map((representation) => entityTypenameOf(representation, prefix))),
  };
  field.resolve = (source, args: { representations: unknown[] }, context: GraphContext, info) => {
    const { representations } = args;
    if (representations.length > MAX_OBJECTS_BY_ID) {
      throw badUserInput(`"representations" takes at most ${MAX_OBJECTS_BY_ID} entries; got ${representations.length}.`, {
        argument: 'representations',
      });
    }
    const entityOf = async (representation: unknown, index: number) => {
      const one = checkedRepresentation(representation, index, prefix);
      const [entity] = (await resolveEach(source, { representations: [one] }, context, info)) as unknown[];
      return entity;
    };
    return Promise.all(representations.map((representation, index) => entityOf(representation, index).catch(asError)));
  };
  return schema;
}
