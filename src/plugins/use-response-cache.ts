import { createHash } from 'node:crypto';
import { createInMemoryCache, useResponseCache as useYogaResponseCache } from '@graphql-yoga/plugin-response-cache';
import stableStringify from 'fast-json-stable-stringify';
import type { Plugin } from 'graphql-yoga';
import { type CostReport, CostLedger } from '../cost/ledger.js';
import { clientOf } from './use-authentication.js';
import { freshForMsOf } from './use-cache-control.js';

export interface ResponseCacheSettings {
  /** Answers kept at most (least recently read dropped first). */
  maxEntries: number;
}

type ProcessedResult = Parameters<NonNullable<Plugin['onResultProcess']>>[0]['result'];
type HeldResult = Exclude<ProcessedResult, unknown[] | AsyncIterable<unknown>>;

const SERVED_FROM_CACHE = Symbol.for('servedFromResponseCache');

/** Answers are kept per caller: an API key or token subject sees only what it was answered itself. */
function sessionOf(request: Request): string | null {
  const client = clientOf(request);
  return client?.id ? `${client.id}${client.admin ? '#admin' : ''}` : null;
}

function servedFromCache(result: ProcessedResult): result is HeldResult {
  return !Array.isArray(result) && !(Symbol.asyncIterator in result) && SERVED_FROM_CACHE in result;
}

/** The library's key (document, operation, variables in a stable order, session), hashed without awaiting WebCrypto. */
function keyOf(parts: {
  documentString: string;
  operationName?: string | null;
  variableValues?: unknown;
  sessionId?: string | null;
}): string {
  return createHash('sha256')
    .update([parts.documentString, parts.operationName ?? '', stableStringify(parts.variableValues ?? {}), parts.sessionId ?? ''].join('|'))
    .digest('hex');
}

/** A kept answer's data serialized once: each hit only serializes its own extensions beside it (yoga calls `stringify`). */
function serializerFor(kept: WeakMap<object, string>, data: object): (served: { extensions?: unknown }) => string {
  let json = kept.get(data);
  if (json === undefined) {
    json = JSON.stringify(data);
    kept.set(data, json);
  }
  const dataJson = json;
  return (served) =>
    served.extensions === undefined ? `{"data":${dataJson}}` : `{"data":${dataJson},"extensions":${JSON.stringify(served.extensions)}}`;
}

/** What a kept answer cost this request: nothing was priced, called, read or joined. */
function costOfKeptAnswer(): CostReport {
  return { ...new CostLedger().summary, servedFromResponseCache: true };
}

/** Seconds since the kept answer was made (RFC 9111 `Age`), from the `Last-Modified` yoga's plugin stored with it. */
function ageOf(headers: Record<string, string> | undefined): string {
  const madeAt = Date.parse(headers?.['Last-Modified'] ?? '');
  return String(Number.isNaN(madeAt) ? 0 : Math.max(0, Math.floor((Date.now() - madeAt) / 1000)));
}

/**
 * Whole answers kept in memory (graphql-yoga's response cache), so a query asked again is answered before it is even
 * parsed. An answer is kept only if it executed without errors and useCacheControl let it be cached, for as long as
 * its `Cache-Control` allows (the smallest hint, and never past the vendor answers it was built from). A kept answer
 * is served with `Age`, `ETag` (a matching `If-None-Match` gets 304) and `extensions.cost` saying it cost nothing.
 * Place it after the credential check, the rate limit and the persisted documents (its key needs the query text),
 * and after useCacheControl and graphql-jit, whose results it keeps.
 */
export function useResponseCache(settings: ResponseCacheSettings): Plugin {
  const serializedData = new WeakMap<object, string>();
  const cache = createInMemoryCache({ max: settings.maxEntries });
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(
        useYogaResponseCache({
          cache,
          session: sessionOf,
          buildResponseCacheKey: keyOf,
          // Answers carry their own `Cache-Control`; the entity invalidation this library offers needs mutations we have none of.
          invalidateViaMutation: false,
          includeExtensionMetadata: false,
          onTtl: ({ ttl, context }) => {
            const request = (context as { request?: Request }).request;
            const freshForMs = request ? freshForMsOf(request) : undefined;
            return freshForMs === undefined ? 0 : Math.min(ttl, freshForMs);
          },
        }),
      );
    },
    // yoga's plugin answers a matching If-None-Match with a bare 304: it gets the kept answer's freshness, as a 200 would.
    onResponse({ response }) {
      const etag = response.status === 304 ? response.headers.get('etag') : null;
      if (!etag) return;
      return Promise.resolve(cache.get(etag)).then((kept) => {
        const headers = (kept?.extensions?.http as { headers?: Record<string, string> } | undefined)?.headers;
        if (!headers?.['cache-control']) return;
        response.headers.set('cache-control', headers['cache-control']);
        if (headers.vary) response.headers.append('vary', headers.vary);
        response.headers.set('age', ageOf(headers));
      });
    },
    onResultProcess({ result, setResult }) {
      if (!servedFromCache(result)) return;
      const extensions = result.extensions ?? {};
      const http = extensions.http as { headers?: Record<string, string> } | undefined;
      const { data } = result;
      setResult({
        ...result,
        ...(data && !result.errors ? { stringify: serializerFor(serializedData, data) } : {}),
        extensions: {
          ...extensions,
          ...('cost' in extensions ? { cost: costOfKeptAnswer() } : {}),
          http: { ...http, headers: { ...http?.headers, Age: ageOf(http?.headers) } },
        },
      });
    },
  };
}
