import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

type Encoding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
/** Whole bodies only: GraphQL results, GraphiQL's page and assets; never a stream (event streams, multipart). */
const COMPRESSIBLE = /^(application\/(json|graphql-response\+json|javascript)|text\/(html|plain|css|javascript))\b/i;
/** Below this a compressed body saves less than its encoding costs. */
const MIN_COMPRESSED_BYTES = 1_024;

/** The encoding the client prefers by its `Accept-Encoding` weights, brotli on a tie; null for neither. */
export function preferredEncoding(acceptEncoding: string | null): Encoding | null {
  const weights = new Map<string, number>();
  for (const entry of (acceptEncoding ?? '').split(',')) {
    const [token = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = quality === undefined ? 1 : Number(quality.slice(2));
    if (token !== '') weights.set(token, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (encoding: Encoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  const brotliWeight = weightOf('br');
  const gzipWeight = weightOf('gzip');
  if (brotliWeight <= 0 && gzipWeight <= 0) return null;
  return brotliWeight >= gzipWeight ? 'br' : 'gzip';
}

function compress(encoding: Encoding, body: Buffer): Promise<Buffer> {
  if (encoding === 'gzip') return gzipped(body);
  // Quality 4 of 11: close to gzip's speed, still smaller; the highest qualities are meant for static files.
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 4,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
    },
  });
}

/**
 * Compresses responses with brotli or gzip (Node's zlib, off the event loop) when the client accepts them.
 * Last in the plugin list, so the headers other plugins set are on the response it replaces.
 */
export function useCompression(minBytes = MIN_COMPRESSED_BYTES): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      const type = response.headers.get('content-type');
      if (!response.body || type === null || !COMPRESSIBLE.test(type) || response.headers.has('content-encoding')) return;
      response.headers.append('vary', 'Accept-Encoding');
      const encoding = preferredEncoding(request.headers.get('accept-encoding'));
      const declaredLength = response.headers.get('content-length');
      if (encoding === null || (declaredLength !== null && Number(declaredLength) < minBytes)) return;
      const body = Buffer.from(await response.arrayBuffer());
      const headers = new fetchAPI.Headers(response.headers);
      const sent = body.byteLength < minBytes ? body : await compress(encoding, body);
      if (sent !== body) headers.set('content-encoding', encoding);
      headers.set('content-length', String(sent.byteLength));
      // zlib's buffers are backed by a plain ArrayBuffer, never a shared one.
      setResponse(
        new fetchAPI.Response(new Uint8Array(sent.buffer as ArrayBuffer, sent.byteOffset, sent.byteLength), {
          status: response.status,
          statusText: response.statusText,
          headers,
        }),
      );
    },
  };
}
