import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type CachePolicy, cachePolicyOf } from './cache-policy.js';

export interface CacheControlSettings {
  /** Every request must carry a credential: then no answer may be kept by a cache shared with those who carry none… */
  credentialsRequired: boolean;
  /** …unless the cache in front authenticates clients itself (SHARED_CACHE_WITH_CREDENTIALS). */
  sharedWithCredentials: boolean;
}

/** The credential headers src/plugins/use-authentication.ts reads. */
const CREDENTIAL_HEADERS = 'Authorization, X-Api-Key';

type ProcessedResult = Parameters<NonNullable<Plugin['onResultProcess']>>[0]['result'];

/** Yoga keeps each parsed document, so an operation sent again is walked once (per operation name). */
function rememberingPolicies(): (
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
) => CachePolicy | null {
  const remembered = new WeakMap<DocumentNode, Map<string, CachePolicy | null>>();
  return (schema, document, operationName) => {
    const byName = remembered.get(document) ?? new Map<string, CachePolicy | null>();
    remembered.set(document, byName);
    const name = operationName ?? '';
    if (!byName.has(name)) byName.set(name, cachePolicyOf(schema, document, operationName));
    return byName.get(name) ?? null;
  };
}

function cleanResult(result: ProcessedResult): boolean {
  if (Array.isArray(result) || Symbol.asyncIterator in result) return false;
  return !result.errors?.length;
}

/**
 * `Cache-Control` on every response: `public, max-age=N` for a query whose answer is the same whoever asks, N the smallest
 * hint of what it read (src/schema/cache-hints.ts); `private` when it reads admin-only data or credentials are required
 * (Vary on the credential headers whenever they matter); `no-store` for anything else (errors, introspection, refusals,
 * GraphiQL, health). Place it before useCompression, which copies these headers onto the response it builds.
 */
export function useCacheControl(settings: CacheControlSettings): Plugin {
  const policies = new WeakMap<Request, CachePolicy>();
  const policyOf = rememberingPolicies();
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const policy = request ? policyOf(args.schema, args.document, args.operationName) : null;
      if (request && policy) policies.set(request, policy);
    },
    onResultProcess({ request, result }) {
      if (!cleanResult(result)) policies.delete(request);
    },
    onResponse({ request, response }) {
      if (response.headers.has('cache-control')) return;
      const policy = response.ok ? policies.get(request) : undefined;
      if (!policy) {
        response.headers.set('cache-control', 'no-store');
        return;
      }
      const shared = policy.scope === 'PUBLIC' && (!settings.credentialsRequired || settings.sharedWithCredentials);
      response.headers.set('cache-control', `${shared ? 'public' : 'private'}, max-age=${policy.maxAge}`);
      if (!shared || settings.credentialsRequired) response.headers.append('vary', CREDENTIAL_HEADERS);
    },
  };
}
