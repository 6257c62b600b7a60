import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { createContextFactory, type ContextDependencies, type GraphContext } from './context.js';
import { useDeliberateErrors } from './plugins/use-deliberate-errors.js';
import { schema } from './schema/index.js';

export const DEFAULT_QUERY = `# Demo data served by the in-process fake vendors. Press ▶ to run.
query FirstLook {
  threads: user(platform: THREADS, username: "zuck") {
    id
    username
    fullName
    followerCount
    source
    posts(first: 5) {
      edges {
        node { id text createdAt mediaType likeCount replyCount media { type url width height } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
  instagram: user(platform: INSTAGRAM, username: "carsoncantcode") {
    id
    username
    fullName
    source
    posts(first: 3) {
      edges { node { id shortcode text mediaType likeCount viewCount media { type url thumbnailUrl durationSeconds } } }
      pageInfo { hasNextPage endCursor }
    }
  }
  providers { id platform configured priority capabilities }
}
`;

export interface YogaOptions extends ContextDependencies {
  graphiql: boolean;
  production: boolean;
}

/** Masks every error that is not a deliberate one; the original message is never shown (it may carry upstream URLs or payloads). */
export function maskError(error: unknown, message: string): Error {
  if (error instanceof GraphQLError && !error.originalError) return error;
  return new GraphQLError(message, {
    nodes: error instanceof GraphQLError ? error.nodes : null,
    path: error instanceof GraphQLError ? error.path : null,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/** The configured yoga instance; server.ts only listens, tests call `yoga.fetch()`. */
export function createFeedgraphYoga(options: YogaOptions): YogaServerInstance<Record<string, unknown>, GraphContext> {
  const context = createContextFactory(options);
  return createYoga<Record<string, unknown>, GraphContext>({
    schema,
    context,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: options.graphiql ? { title: 'feedgraph', defaultQuery: DEFAULT_QUERY } : false,
    maskedErrors: { maskError },
    plugins: [useDeliberateErrors()],
    logging: options.production ? 'info' : 'warn',
  });
}
