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

/** How long a request's answer may be kept, once it executed cleanly (see `freshForMsOf`). */
const freshFor = new WeakMap<Request, number>();

/** How long, in ms, the answer to this request may be kept: undefined when it must not be kept at all. */
export function freshForMsOf(request: Request): number | undefined {
  return freshFor.get(request);
}

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

function headersFor(scope: CachePolicy['scope'], maxAge: number, settings: CacheControlSettings): Record<string, string> {
  const shared = scope === 'PUBLIC' && (!settings.credentialsRequired || settings.sharedWithCredentials);
  const cacheControl = `${shared ? 'public' : 'private'}, max-age=${maxAge}`;
  return !shared || settings.credentialsRequired
    ? { 'cache-control': cacheControl, vary: CREDENTIAL_HEADERS }
    : { 'cache-control': cacheControl };
}

/**
 * `Cache-Control` on every response: `public, max-age=N` for a query whose answer is the same whoever asks, N the smallest
 * hint of what it read (src/schema/cache-hints.ts), and never longer than the cached vendor answers it was built from
 * stay fresh (`answersFreshUntil`); `private` when it reads admin-only data or credentials are required (Vary on the
 * credential headers whenever they matter); `no-store` for anything else (errors, introspection, refusals, GraphiQL,
 * health). The headers travel in the result's `extensions.http`, so a response cache that keeps the result keeps
 * them. Place it after the plugins that add errors to results and before useCompression, which copies these headers.
 */
export function useCacheControl(settings: CacheControlSettings, answersFreshUntil: (context: unknown) => number): Plugin {
  const policyOf = rememberingPolicies();
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const policy = request ? policyOf(args.schema, args.document, args.operationName) : null;
      if (!request || !policy) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result || result.errors?.length) return;
          const freshForMs = Math.min(policy.maxAge * 1000, answersFreshUntil(args.contextValue) - Date.now());
          const maxAge = Math.floor(freshForMs / 1000);
          if (maxAge <= 0) return;
          freshFor.set(request, freshForMs);
          const http = result.extensions?.http as { headers?: Record<string, string> } | undefined;
          const headers = { ...http?.headers, ...headersFor(policy.scope, maxAge, settings) };
          setResult({ ...result, extensions: { ...result.extensions, http: { ...http, headers } } });
        },
      };
    },
    onResponse({ response }) {
      if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
    },
  };
}
