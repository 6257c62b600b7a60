import { specifiedDirectives } from 'graphql';
import { builder } from '../builder.js';
import { cacheControlDirective } from './cache-hints.js';
import './scalars.js';
import './enums.js';
import './image.js';
import './media.js';
import './poll.js';
import './user.js';
import './post.js';
import './thread.js';
import './reply.js';
import './liker.js';
import './provider-status.js';
import './feed.js';
import { guardEntities } from './entities.js';
import { prefixSubgraphSchema } from './federation-prefix.js';
import './nodes.js';

builder.queryType({ description: 'Read Threads and Instagram accounts, posts and conversations through one graph.' });

/** The client-facing schema, served on /graphql (schema/schema.graphql): no Federation internals. */
export const schema = builder.toSchema({ sortSchema: true });

function federatedSchema() {
  return builder.toSubGraphSchema({
    linkUrl: 'https://specs.apollo.dev/federation/v2.6',
    federationDirectives: ['@key', '@shareable'],
    directives: [...specifiedDirectives, cacheControlDirective],
    sortSchema: true,
  });
}

/**
 * The same schema as a Federation v2 subgraph, served on /subgraph: `_service`, `_entities`, @key on User, Post, Thread
 * and the cache hints as `@cacheControl` (schema/subgraph.graphql). The client schema carries the hints but not the
 * directive's definition.
 */
export const subgraphSchema = guardEntities(federatedSchema());

const prefixedSubgraphSchemas = new Map<string, ReturnType<typeof federatedSchema>>();

/** The subgraph schema, with FEDERATION_PREFIX in front of its type and root field names when one is set. */
export function subgraphSchemaFor(prefix: string | null) {
  if (!prefix) return subgraphSchema;
  let prefixed = prefixedSubgraphSchemas.get(prefix);
  if (!prefixed) {
    prefixed = guardEntities(prefixSubgraphSchema(federatedSchema(), prefix), prefix);
    prefixedSubgraphSchemas.set(prefix, prefixed);
  }
  return prefixed;
}
