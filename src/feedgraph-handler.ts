import type { IncomingMessage, ServerResponse } from 'node:http';
import type { YogaServerInstance } from 'graphql-yoga';
import type { GraphContext } from './context.js';

export type FeedgraphYoga = YogaServerInstance<Record<string, unknown>, GraphContext>;

/** The whole HTTP surface: a Node request listener (server.ts, tests over a socket) with a WHATWG `fetch` (tests in process). */
export interface FeedgraphHandler {
  (request: IncomingMessage, response: ServerResponse): Promise<void>;
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
}

const PLAIN_PATH = /^(\/(?:[\w-]+\/)*[\w-]*)(?:[?#]|$)/;

function pathOf(input: string | URL | Request): string {
  if (input instanceof URL) return withoutTrailingSlash(input.pathname);
  const url = typeof input === 'string' ? input : input.url;
  // Node hands the server a path ("/graphql?…"): a plain one is read as it is; anything else (dot segments,
  // escapes, "//", an absolute URL from fetch callers) is resolved by URL.
  const plain = PLAIN_PATH.exec(url)?.[1];
  return withoutTrailingSlash(plain ?? new URL(url, 'http://localhost').pathname);
}

function withoutTrailingSlash(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

/** Hands each request to the yoga instance serving its path, and every other path to `fallback`. */
export function routeByPath(fallback: FeedgraphYoga, routes: ReadonlyMap<string, FeedgraphYoga>): FeedgraphHandler {
  const yogaFor = (input: string | URL | Request) => routes.get(pathOf(input)) ?? fallback;
  const handler = async (request: IncomingMessage, response: ServerResponse) => {
    await yogaFor(request.url ?? '/')(request, response);
  };
  return Object.assign(handler, {
    fetch: async (input: string | URL | Request, init?: RequestInit) => {
      const yoga = yogaFor(input);
      return input instanceof Request ? yoga.fetch(input) : yoga.fetch(String(input), init ?? {});
    },
  });
}
