import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { readFileSync } from 'node:fs';
import type { ExecutionResult } from 'graphql';
import { startApp } from '../src/app.js';
import { DEMO_CREDENTIALS } from '../src/demo/index.js';
import { createJsonLogger } from '../src/logger.js';

/**
 * The benchmark's server process: feedgraph against the fake Threads Graph API at BENCH_GRAPH_BASE_URL
 * (cross-request cache off, so every query really fans out), and a bare yoga "ceiling" server that answers
 * with a recorded result from memory. Driven over IPC by bench/run.ts.
 */
type Message = { type: 'record'; operationName: string; result: ExecutionResult } | { type: 'stop' };

// Per-request log lines are off (warnings and errors stay): the benchmark measures the graph, not log shipping.
const app = await startApp({
  THREADS_GRAPH_ACCESS_TOKEN: DEMO_CREDENTIALS.threadsGraphAccessToken,
  THREADS_GRAPH_BASE_URL: process.env.BENCH_GRAPH_BASE_URL,
  CURSOR_SECRET: 'benchmark-cursor-secret-0123456789abcdef',
  UPSTREAM_CACHE: 'off',
  PROVIDER_CONCURRENCY: '256',
  NODE_ENV: 'production',
}, { logger: createJsonLogger('warn') });

const recorded = new Map<string, ExecutionResult>();
/** Parses and validates like feedgraph, then answers from memory instead of executing. */
const answerFromMemory: Plugin = {
  onExecute({ args, setResultAndStopExecution }) {
    const result = recorded.get(args.operationName ?? '');
    if (result) setResultAndStopExecution(result);
  },
};
const ceiling = createYoga({
  schema: createSchema({ typeDefs: readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8') }),
  plugins: [answerFromMemory],
  logging: false,
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

const feedgraphServer = createServer(app.yoga);
const ceilingServer = createServer(ceiling);
const urls = { feedgraph: await listen(feedgraphServer), ceiling: await listen(ceilingServer) };

process.on('message', (message: Message) => {
  if (message.type === 'record') {
    recorded.set(message.operationName, message.result);
    process.send?.({ type: 'recorded' });
  } else {
    feedgraphServer.close();
    ceilingServer.close();
    void app.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', urls });
