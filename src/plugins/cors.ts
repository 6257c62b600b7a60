import type { Plugin } from 'graphql-yoga';

/** What yoga's `cors` option takes per request: headers for an allowed origin, false for none. */
export type CorsDecision = false | { origin: string; credentials: false; methods: string[]; exposedHeaders: string[]; maxAge: number };

/**
 * CORS per request for yoga's `cors` option: an allowed origin is answered with exactly itself, a foreign one with
 * no CORS headers at all. Credentials are never allowed: clients authenticate with a header, not cookies.
 */
export function corsOptionsFor(origins: 'any' | string[]): (request: Request) => CorsDecision {
  const allowed = new Set(origins === 'any' ? [] : origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || (origins !== 'any' && !allowed.has(origin))) return false;
    return { origin, credentials: false, methods: ['GET', 'POST'], exposedHeaders: ['x-request-id', 'retry-after'], maxAge: 600 };
  };
}

/** Every answer depends on the Origin header, allowed or not, so shared caches must key on it. */
export function useVaryOnOrigin(): Plugin {
  return {
    onResponse({ response }) {
      response.headers.append('vary', 'Origin');
    },
  };
}
