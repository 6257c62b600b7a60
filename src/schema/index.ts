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
import './nodes.js';

builder.queryType({ description: 'Read Threads and Instagram accounts, posts and conversations through one graph.' });

/** The client-facing schema (schema/schema.graphql). */
export const schema = builder.toSchema({ sortSchema: true });

/**
 * The same schema as a Federation v2 subgraph: `_service`, `_entities`, @key on User, Post, Thread and the cache hints as
 * `@cacheControl` (schema/subgraph.graphql). The client schema carries the hints but not the directive's definition.
 */
export const subgraphSchema = guardEntities(
  builder.toSubGraphSchema({
    linkUrl: 'https://specs.apollo.dev/federation/v2.6',
    federationDirectives: ['@key', '@shareable'],
    directives: [...specifiedDirectives, cacheControlDirective],
    sortSchema: true,
  }),
);
