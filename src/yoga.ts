import { useGraphQlJit } from '@envelop/graphql-jit';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createYoga, useReadinessCheck, type Plugin, type YogaLogger } from 'graphql-yoga';
import { createJsonLogger } from './logger.js';
import type { UpstreamMetrics } from './metrics.js';
import { useRequestBodyLimit } from './plugins/use-request-body-limit.js';
import { useRequestId } from './plugins/use-request-id.js';
import { useClientMistakes } from './plugins/use-client-mistakes.js';
import { useOperationCost, type UpstreamBudget } from './plugins/use-operation-cost.js';
import { useCostExtension } from './plugins/use-cost-extension.js';
import { budgetOf } from './cost/budget.js';
import { createContextFactory, type ContextDependencies, type GraphContext } from './context.js';
import { useDeliberateErrors } from './plugins/use-deliberate-errors.js';
import { jitAdmission } from './plugins/jit-admission.js';
import { usePartialErrors } from './plugins/use-partial-errors.js';
import { renderLocalGraphiQL, useGraphiQLAssets } from './plugins/use-graphiql-assets.js';
import { QUERY_LIMITS } from './builder.js';
import { schema, subgraphSchemaFor } from './schema/index.js';
import { prefixedFieldName } from './schema/federation-prefix.js';
import { type FeedgraphHandler, type FeedgraphYoga, routeByPath } from './feedgraph-handler.js';
import { OPEN_ACCESS, type AccessSettings } from './config.js';
import { memoryRateLimitStore, type RateLimitStore } from './rate-limit-store.js';
import { useAuthentication } from './plugins/use-authentication.js';
import { useRateLimit } from './plugins/use-rate-limit.js';
import { useAdminSurface } from './plugins/use-admin-surface.js';
import { corsOptionsFor, useVaryOnOrigin } from './plugins/cors.js';
import { useCompression } from './plugins/use-compression.js';
import { useCacheControl } from './plugins/use-cache-control.js';
import { type ResponseCacheSettings, useResponseCache } from './plugins/use-response-cache.js';
import type { PersistedQueryStore } from './persisted/query-store.js';
import { DEFAULT_PERSISTED_DOCUMENT_SETTINGS, type PersistedDocumentSettings } from './persisted/settings.js';
import { usePersistedDocuments } from './persisted/use-persisted-documents.js';

export const DEFAULT_QUERY = `# Demo data served by the in-process fake vendors. Press ▶ to run.
query FirstLook {
  threads: user(platform: THREADS, username: "zuck") {
    id
    username
    fullName
    followerCount
    source
    posts(first: 9) {
      edges {
        node { id text createdAt mediaType likeCount replyCount poll { options { text voteShare } expiresAt } media { type url } }
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
  # mosseri's first post has a 48-reply conversation three levels deep; his second is a self-thread.
  conversations: user(platform: THREADS, username: "mosseri") {
    posts(first: 2) {
      edges {
        node {
          text
          thread {
            items { text }
            replies(first: 5) { edges { node { depth post { text author { username } } } } pageInfo { hasNextPage endCursor } }
          }
        }
      }
    }
  }
  providers { id platform configured priority capabilities }
}
`;

export interface YogaOptions extends ContextDependencies {
  graphiql: boolean;
  introspection: boolean;
  production: boolean;
  /** Where the server logs (default: JSON lines on stdout); tests pass one to read everything it logged. */
  logger?: YogaLogger;
  /** Upstream metrics, served with yoga's GraphQL metrics on /metrics. */
  metrics?: UpstreamMetrics | null;
  /** How many distinct documents graphql-jit may compile over the process's life (default 1,000; 0: never). */
  jitMaxDocuments?: number;
  /** Readiness for /ready: providers configured, demo fakes up, not shutting down. */
  ready?: () => boolean | Promise<boolean>;
  /** Trusted documents and automatic persisted queries (default: APQ in memory, no manifest). */
  persisted?: PersistedDocumentSettings;
  /** Where APQ registrations live (default: an in-memory LRU per process). */
  persistedQueryStore?: PersistedQueryStore;
  /** Credentials, rate limit, CORS, admin surface, subgraph schema (default: all open, as in the demo). */
  access?: AccessSettings;
  /** Where the rate limit keeps each client's allowance (default: this process's memory). */
  rateLimitStore?: RateLimitStore;
  /** The most vendor calls an operation may be priced at, unless the client's API key sets its own (default: none). */
  maxUpstreamCalls?: number | null;
  /** `extensions.cost` on every executed result (default: on). */
  costExtension?: boolean;
  /** Whole answers kept per caller while their Cache-Control allows, each surface its own (default: none). */
  responseCache?: ResponseCacheSettings | null;
}

const DEFAULT_JIT_MAX_DOCUMENTS = 1_000;

/** Requests are small GraphQL documents; anything larger is refused before it is parsed. */
export const MAX_REQUEST_BODY_BYTES = 100_000;

/** Masks every error that is not a deliberate one; the original message is never shown (it may carry upstream URLs or payloads). */
function maskError(error: unknown, message: string): Error {
  if (error instanceof GraphQLError && !error.originalError) return error;
  return new GraphQLError(message, {
    nodes: error instanceof GraphQLError ? error.nodes : null,
    path: error instanceof GraphQLError ? error.path : null,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/** Where a router reads the subgraph schema (`_service`) and resolves entities (`_entities`). */
const SUBGRAPH_ENDPOINT = '/subgraph';

interface SharedParts {
  logger: YogaLogger;
  context: ReturnType<typeof createContextFactory>;
  access: AccessSettings;
  rateLimitStore: RateLimitStore | null;
  budget: UpstreamBudget;
}

interface Surface {
  schema: GraphQLSchema;
  endpoint: string;
  graphiql: boolean;
  persisted: PersistedDocumentSettings;
  /** Root fields that need an admin key (their names in this surface's schema). */
  adminFields: string[];
  /** /metrics and /ready are served once, on the client surface. */
  operational: boolean;
}

/**
 * The graph over HTTP: the client-facing schema on /graphql and, with SUBGRAPH=on, the Federation subgraph schema
 * on /subgraph, each its own yoga instance (own document and JIT caches) with the same credentials, rate limit
 * and cost limit. server.ts only listens; tests call `fetch()`.
 */
export function createFeedgraphYoga(options: YogaOptions): FeedgraphHandler {
  const logger = options.logger ?? createJsonLogger(options.production ? 'info' : 'warn');
  // Once per vendor answer (a cached answer is not logged again): which items, by the vendor's index, and why; never their values.
  const context = createContextFactory({
    ...options,
    onDropped: (provider, operation, dropped) => logger.warn({ provider, operation, dropped }, 'vendor list items left out'),
  });
  const access = options.access ?? OPEN_ACCESS;
  const budget: UpstreamBudget = {
    budgetOf: budgetOf(options.maxUpstreamCalls ?? null, access),
    priced: (context, measured) => (context as Partial<GraphContext>).cost?.priced(measured.pricedUpstreamCalls, measured.complexity),
  };
  const rateLimitStore = access.rateLimit ? (options.rateLimitStore ?? memoryRateLimitStore(access.rateLimit)) : null;
  const shared: SharedParts = { logger, context, access, rateLimitStore, budget };
  const persisted = options.persisted ?? DEFAULT_PERSISTED_DOCUMENT_SETTINGS;
  const client = yogaFor(options, shared, {
    schema,
    endpoint: '/graphql',
    graphiql: options.graphiql,
    persisted,
    adminFields: ['providers'],
    operational: true,
  });
  if (!access.subgraph) return routeByPath(client, new Map());
  const prefix = access.subgraphPrefix;
  const subgraph = yogaFor(options, shared, {
    schema: subgraphSchemaFor(prefix),
    endpoint: SUBGRAPH_ENDPOINT,
    graphiql: false,
    // A router plans its own documents from the supergraph: the client manifest neither lists nor validates them.
    persisted: { manifest: null, only: false, apq: persisted.apq },
    adminFields: [prefix ? prefixedFieldName(prefix, 'providers') : 'providers'],
    operational: false,
  });
  return routeByPath(client, new Map([[SUBGRAPH_ENDPOINT, subgraph]]));
}

function yogaFor(options: YogaOptions, shared: SharedParts, surface: Surface): FeedgraphYoga {
  const { logger, access, rateLimitStore, budget } = shared;
  const plugins = [
    useRequestId(logger),
    useClientMistakes(logger),
    ...(surface.graphiql ? [useGraphiQLAssets()] : []),
    ...(surface.operational
      ? [useReadinessCheck({ endpoint: '/ready', check: async () => (options.ready ? options.ready() : true) })]
      : []),
    // Everything below needs a credential where one is required; /health, /ready and GraphiQL's page stay open.
    useAuthentication(access),
    ...(rateLimitStore ? [useRateLimit(rateLimitStore, { endpoint: surface.endpoint, trustedProxyHops: access.trustedProxyHops })] : []),
    useAdminSurface({ paths: surface.operational ? ['/metrics'] : [], queryFields: surface.adminFields }),
    ...(options.metrics
      ? [
          usePrometheus({
            // The subgraph's operations count in the same metrics; only the client surface serves them.
            endpoint: surface.operational ? '/metrics' : false,
            registry: options.metrics.registry,
            // Each metric costs time on every request: HTTP duration (labelled by operation, method and status;
            // its _count counts operations) and errors suffice. The plugin turns every other one on unless it
            // is named false (deprecated-field usage alone walks each document).
            metrics: {
              graphql_yoga_http_duration: true,
              graphql_envelop_error_result: true,
              graphql_envelop_request_duration: false,
              graphql_envelop_request: false,
              graphql_envelop_request_time_summary: false,
              graphql_envelop_deprecated_field: false,
              graphql_envelop_phase_parse: false,
              graphql_envelop_phase_validate: false,
              graphql_envelop_phase_context: false,
              graphql_envelop_phase_execute: false,
              graphql_envelop_phase_subscribe: false,
              graphql_envelop_schema_change: false,
              graphql_envelop_execute_resolver: false,
            },
            // The full request URL as a label would make a time series of every distinct GET query string.
            labels: { url: false },
          }),
        ]
      : []),
    useRequestBodyLimit(MAX_REQUEST_BODY_BYTES),
    // Browsers may only send GraphQL as preflighted JSON, or with this header: no cross-site form or GET forgery.
    useCSRFPrevention({ requestHeaders: ['x-graphql-csrf', 'graphql-preflight'] }),
    ...usePersistedDocuments(surface.persisted, surface.schema, options.persistedQueryStore),
    EnvelopArmorPlugin({
      maxDepth: { n: 16, ignoreIntrospection: true },
      maxAliases: { n: 30 },
      maxTokens: { n: 3_000 },
      maxDirectives: { n: 20 },
      // Costs that reflect vendor calls come from the Pothos complexity plugin (src/builder.ts), see useOperationCost.
      costLimit: { enabled: false },
      // Field suggestions ("Did you mean …?") map the schema like introspection does, so they follow its switch.
      blockFieldSuggestion: { enabled: !options.introspection },
    }) as Plugin,
    useDeliberateErrors(),
    usePartialErrors((context) => (context as Partial<GraphContext>).partialErrors),
    ...(options.costExtension === false ? [] : [useCostExtension((context) => (context as Partial<GraphContext>).cost)]),
    // Every operation is priced, with its variables, before anything runs.
    useOperationCost(QUERY_LIMITS, budget),
    // A document executed again is compiled once into an executor specialised to it (kept with yoga's parsed
    // documents), up to a bound (src/plugins/jit-admission.ts); one that does not compile (e.g. an unknown
    // operationName) answers with its errors, which are the client's.
    useGraphQlJit({}, { onError: () => undefined, enableIf: jitAdmission(options.jitMaxDocuments ?? DEFAULT_JIT_MAX_DOCUMENTS) }),
    ...(options.introspection ? [] : [useDisableIntrospection()]),
    useVaryOnOrigin(),
    useCacheControl(
      { credentialsRequired: access.authRequired, sharedWithCredentials: access.sharedCacheWithCredentials },
      (context) => (context as Partial<GraphContext>).cost?.answersFreshUntil ?? Number.POSITIVE_INFINITY,
    ),
    // After the credential check, the rate limit and the persisted documents, and after the plugins whose results it keeps.
    ...(options.responseCache ? [useResponseCache(options.responseCache)] : []),
    // Keep last: it replaces the response whose headers the plugins above have set.
    useCompression(),
  ];
  return createYoga<Record<string, unknown>, GraphContext>({
    schema: surface.schema,
    cors: corsOptionsFor(access.corsOrigins),
    context: shared.context,
    graphqlEndpoint: surface.endpoint,
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: surface.graphiql
      ? { title: 'feedgraph', defaultQuery: DEFAULT_QUERY, headers: JSON.stringify({ 'graphql-preflight': '1' }) }
      : false,
    renderGraphiQL: renderLocalGraphiQL,
    maskedErrors: { maskError },
    // Enforced by useRequestBodyLimit, which does not stream bodies of a declared length through a counter.
    maxRequestBodySize: false,
    plugins,
    logging: logger,
  });
}
