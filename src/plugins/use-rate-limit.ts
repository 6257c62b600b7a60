import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { RateLimitStore } from '../rate-limit-store.js';
import { refusal } from './http-refusal.js';
import { clientOf } from './use-authentication.js';

export interface RateLimitOptions {
  /** Only requests to this path (the GraphQL endpoint) spend the allowance. */
  endpoint: string;
  /** Proxies in front of the server: the client's address is that many entries from the end of X-Forwarded-For. */
  trustedProxyHops: number;
}

/** The address a request came from: the socket's peer, or what the trusted proxies in front of it saw. */
function addressOf(request: Request, serverContext: unknown, trustedProxyHops: number): string {
  if (trustedProxyHops > 0) {
    const forwarded = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const address = forwarded[Math.max(0, forwarded.length - trustedProxyHops)];
    if (address) return address;
  }
  const incoming = (serverContext as { req?: IncomingMessage } | undefined)?.req;
  return incoming?.socket.remoteAddress ?? 'unknown';
}

/**
 * Spends one request of the client's allowance (per API key or token subject, else per address) before anything
 * is parsed; when it is spent the request ends with 429, `Retry-After` and a `RATE_LIMITED` GraphQL error.
 * Placed after `useAuthentication`, so an unauthenticated request never spends a client's allowance.
 */
export function useRateLimit(store: RateLimitStore, options: RateLimitOptions): Plugin {
  return {
    async onRequest({ request, url, serverContext, fetchAPI, endResponse }) {
      if (url.pathname !== options.endpoint) return;
      const client = clientOf(request)?.id ?? `ip:${addressOf(request, serverContext, options.trustedProxyHops)}`;
      const decision = await store.take(client);
      if (decision.allowed) return;
      const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      endResponse(
        refusal(
          fetchAPI,
          429,
          { code: 'RATE_LIMITED', message: `Too many requests: try again in ${retryAfterSeconds} s.`, extensions: { retryAfterSeconds } },
          { 'retry-after': String(retryAfterSeconds) },
        ),
      );
    },
  };
}
