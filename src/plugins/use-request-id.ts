import { randomUUID } from 'node:crypto';
import type { Plugin, YogaLogger } from 'graphql-yoga';
import { rememberRequestOf } from '../logger.js';

const HEADER = 'x-request-id';
const ACCEPTED = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Gives every request an id (the caller's `x-request-id` when it is sane, else a new UUID), echoes it on the
 * response, ties the errors of its execution to it (so their log lines carry it), and logs one line per request
 * with its status and duration.
 */
export function useRequestId(logger: YogaLogger): Plugin {
  const started = new WeakMap<Request, { requestId: string; path: string; at: number }>();
  return {
    onRequest({ request, url }) {
      const offered = request.headers.get(HEADER);
      const requestId = offered && ACCEPTED.test(offered) ? offered : randomUUID();
      started.set(request, { requestId, path: url.pathname, at: performance.now() });
    },
    onExecute({ args }) {
      const entry = started.get(args.contextValue.request);
      if (!entry) return;
      return {
        onExecuteDone({ result }) {
          if (!('errors' in result)) return;
          for (const error of result.errors ?? []) rememberRequestOf(error, entry.requestId);
        },
      };
    },
    onResponse({ request, response }) {
      const entry = started.get(request);
      if (!entry) return;
      response.headers.set(HEADER, entry.requestId);
      logger.info('request', {
        requestId: entry.requestId,
        method: request.method,
        path: entry.path,
        status: response.status,
        durationMs: Math.round((performance.now() - entry.at) * 10) / 10,
      });
    },
  };
}
