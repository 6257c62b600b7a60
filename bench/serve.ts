import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { Agent, request } from 'undici';
import { readFileSync } from 'node:fs';
import type { ExecutionResult } from 'graphql';
import { startApp } from '../src/app.js';
import { DEMO_CREDENTIALS } from '../src/demo/index.js';
import { createJsonLogger } from '../src/logger.js';

/**
 * The benchmark's server process: feedgraph against the fake Threads Graph API at BENCH_GRAPH_BASE_URL
 * (cross-request cache off, so every query really fans out); a bare yoga "ceiling" server that answers with a
 * recorded result from memory; and a bare yoga "floor" server that makes the same vendor calls as feedgraph,
 * then answers the recorded result: what yoga and undici alone add on this machine. Driven over IPC by bench/run.ts.
 */
type Message = { type: 'record'; operationName: string; result: ExecutionResult; upstreamUrls: string[] } | { type: 'stop' };

// Per-request log lines are off (warnings and errors stay): the benchmark measures the graph, not log shipping.
const app = await startApp({
  THREADS_GRAPH_ACCESS_TOKEN: DEMO_CREDENTIALS.threadsGraphAccessToken,
  THREADS_GRAPH_BASE_URL: process.env.BENCH_GRAPH_BASE_URL,
  CURSOR_SECRET: 'benchmark-cursor-secret-0123456789abcdef',
  UPSTREAM_CACHE: 'off',
  PROVIDER_CONCURRENCY: '256',
  NODE_ENV: 'production',
}, { logger: createJsonLogger('warn') });

const recorded = new Map<string, { result: ExecutionResult; upstreamUrls: string[] }>();
const schema = createSchema({ typeDefs: readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8') });
/** Parses and validates like feedgraph, then answers from memory instead of executing. */
const answerFromMemory: Plugin = {
  onExecute({ args, setResultAndStopExecution }) {
    const entry = recorded.get(args.operationName ?? '');
    if (entry) setResultAndStopExecution(entry.result);
  },
};
// Both bare servers skip yoga's request body counter, as feedgraph does (src/plugins/use-request-body-limit.ts).
const ceiling = createYoga({ schema, plugins: [answerFromMemory], logging: false, maxRequestBodySize: false });

/** Parses and validates like feedgraph, makes the same vendor calls concurrently (bodies parsed), then answers from memory. */
const floorAgent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
const callThenAnswer: Plugin = {
  onExecute({ args, setExecuteFn }) {
    const entry = recorded.get(args.operationName ?? '');
    if (!entry) return;
    setExecuteFn(async () => {
      await Promise.all(entry.upstreamUrls.map(async (url) => (await request(url, { dispatcher: floorAgent })).body.json()));
      return entry.result;
    });
  },
};
const floor = createYoga({ schema, plugins: [callThenAnswer], logging: false, maxRequestBodySize: false });

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

const feedgraphServer = createServer(app.yoga);
const ceilingServer = createServer(ceiling);
const floorServer = createServer(floor);
const urls = { feedgraph: await listen(feedgraphServer), ceiling: await listen(ceilingServer), floor: await listen(floorServer) };

process.on('message', (message: Message) => {
  if (message.type === 'record') {
    recorded.set(message.operationName, { result: message.result, upstreamUrls: message.upstreamUrls });
    process.send?.({ type: 'recorded' });
  } else {
    feedgraphServer.close();
    ceilingServer.close();
    floorServer.close();
    void Promise.all([app.close(), floorAgent.close()]).then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', urls });
