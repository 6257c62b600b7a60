import { useAPQ } from '@graphql-yoga/plugin-apq';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLSchema } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { ConfigError } from '../config.js';
import { PersistedDocumentManifest, sha256Hex } from './manifest.js';
import { InMemoryPersistedQueryStore, type PersistedQueryStore } from './query-store.js';
import type { PersistedDocumentSettings } from './settings.js';

/** The GraphQL-over-HTTP persisted documents id: `documentId` in a POST body or a GET query string. */
function documentIdOf(params: GraphQLParams, request: Request): string | null {
  const fromBody = (params as GraphQLParams & { documentId?: unknown }).documentId;
  if (typeof fromBody === 'string' && fromBody !== '') return fromBody;
  if (request.method !== 'GET') return null;
  return new URL(request.url).searchParams.get('documentId') || null;
}

/** Apollo's (and codegen's) `extensions.persistedQuery: { version: 1, sha256Hash }`. */
function persistedQueryHashOf(params: GraphQLParams): string | null {
  const persistedQuery = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)
    ?.persistedQuery;
  return persistedQuery?.version === 1 && typeof persistedQuery.sha256Hash === 'string' ? persistedQuery.sha256Hash : null;
}

function idOf(params: GraphQLParams, request: Request): string | null {
  return documentIdOf(params, request) ?? persistedQueryHashOf(params);
}

/** A client mistake, answered with 400 and a code the client can branch on. */
function clientError(message: string, code: string) {
  return createGraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** The APQ plugin hashes whatever `query` holds before yoga checks that it is a string. */
function hashOfQueryText(query: unknown): string {
  if (typeof query !== 'string')
    throw clientError(`Expected "query" param to be a string, but given ${Array.isArray(query) ? 'array' : typeof query}.`, 'BAD_REQUEST');
  return sha256Hex(query);
}

/** Registrations of a manifest document stay out of the store; a lookup finds the manifest's documents first. */
function storeBehindManifest(manifest: PersistedDocumentManifest, store: PersistedQueryStore): PersistedQueryStore {
  return {
    get: async (hash) => manifest.get(hash) ?? store.get(hash),
    set: async (hash, document) => (manifest.get(hash) === undefined ? store.set(hash, document) : undefined),
  };
}

/**
 * Automatic persisted queries (Apollo's PersistedQueryLink: a hash miss answers PERSISTED_QUERY_NOT_FOUND, the
 * link resends with the query, later requests send the hash alone) and trusted documents from the manifest
 * (`documentId`, or `extensions.persistedQuery` with the manifest's hash). With `only`, nothing else runs.
 */
export function usePersistedDocuments(settings: PersistedDocumentSettings, schema: GraphQLSchema, store?: PersistedQueryStore): Plugin[] {
  const manifest = settings.manifest ?? PersistedDocumentManifest.empty();
  const stale = manifest.invalidAgainst(schema);
  if (stale.length > 0)
    throw new ConfigError(
      `PERSISTED_DOCUMENTS: documents this schema does not accept (regenerate the manifest with the clients):\n    ${stale.join('\n    ')}`,
    );
  const apq =
    settings.apq && !settings.only
      ? [
          useAPQ({
            store: storeBehindManifest(manifest, store ?? new InMemoryPersistedQueryStore(settings.apq.maxEntries)),
            hash: hashOfQueryText,
          }),
        ]
      : [];
  const trustedDocuments = usePersistedOperations<Record<string, unknown>>({
    allowArbitraryOperations: !settings.only,
    extractPersistedOperationId: idOf,
    getPersistedOperation: (id) => manifest.get(id) ?? null,
    customErrors: {
      notFound: ({ params, request }) =>
        clientError(`No persisted document has the id "${idOf(params, request)}".`, 'PERSISTED_QUERY_NOT_IN_LIST'),
      keyNotFound: () =>
        settings.only
          ? clientError(
              'This server runs only its persisted documents: send a documentId (or extensions.persistedQuery.sha256Hash) from its manifest.',
              'PERSISTED_QUERY_ID_REQUIRED',
            )
          : clientError(
              'Send a query, or the id of a persisted document (documentId, or extensions.persistedQuery.sha256Hash).',
              'BAD_REQUEST',
            ),
      persistedQueryOnly: () =>
        clientError(
          "This server runs only its persisted documents: send the document's id from its manifest (documentId, or extensions.persistedQuery.sha256Hash) instead of the query text.",
          'PERSISTED_QUERY_ID_REQUIRED',
        ),
    },
  }) as Plugin;
  // APQ first: it resolves a registered hash to its text, which the trusted-documents plugin then lets through.
  return [...apq, trustedDocuments];
}
