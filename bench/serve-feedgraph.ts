import { getHeapSnapshot } from 'node:v8';
import { startApp } from '../src/app.js';
import { DEMO_CREDENTIALS } from '../src/demo/index.js';
import { createJsonLogger } from '../src/logger.js';
import { answerCpuMessage, drained, metered } from './cpu-meter.js';
import { listen } from './listen.js';
import { answerPhaseMessage } from './phase-meter.js';

/**
 * The benchmark's feedgraph process, alone as in production: the graph against the fake Threads Graph API at
 * BENCH_GRAPH_BASE_URL, or against the fake AIsa alone at BENCH_AISA_BASE_URL (the Mesh rows), cross-request cache
 * off so every query really fans out (BENCH_UPSTREAM_CACHE=on and BENCH_REDIS_URL turn on the cache and the state
 * replicas share, for the replica rows; BENCH_RESPONSE_CACHE=on adds the response cache, for Mesh's cache-on rows). Driven over IPC by bench/run.ts and bench/mesh.ts.
 */
type Message =
  | { type: 'clear-local-cache' }
  | { type: 'rss-after-gc' }
  | { type: 'cpu-start' }
  | { type: 'cpu-stop' }
  | { type: 'phases-start' }
  | { type: 'phases-stop' }
  | { type: 'stop' };

const vendor = process.env.BENCH_AISA_BASE_URL
  ? { INSTAGRAM_PROVIDERS: 'aisa', AISA_API_KEY: DEMO_CREDENTIALS.aisaApiKey, AISA_BASE_URL: process.env.BENCH_AISA_BASE_URL }
  : { THREADS_GRAPH_ACCESS_TOKEN: DEMO_CREDENTIALS.threadsGraphAccessToken, THREADS_GRAPH_BASE_URL: process.env.BENCH_GRAPH_BASE_URL };

/** V8 collects all it can before it takes a heap snapshot; the snapshot itself is read and thrown away. */
async function collectAllGarbage(): Promise<void> {
  for await (const _chunk of getHeapSnapshot());
}

// Per-request log lines are off (warnings and errors stay): the benchmark measures the graph, not log shipping.
const app = await startApp(
  {
    ...vendor,
    CURSOR_SECRET: 'benchmark-cursor-secret-0123456789abcdef',
    UPSTREAM_CACHE: process.env.BENCH_UPSTREAM_CACHE ?? 'off',
    RESPONSE_CACHE: process.env.BENCH_RESPONSE_CACHE ?? 'off',
    ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL } : {}),
    // The fake vendor bills nothing, and Meta's default quota would refuse most of a run.
    QUOTAS: 'none',
    NODE_ENV: 'production',
    // One load generator on one address: no client keys to check and no per-client rate limit to hit.
    AUTH: 'off',
    RATE_LIMIT_PER_MINUTE: '0',
  },
  { logger: createJsonLogger('warn') },
);
const feedgraph = await listen(metered(app.yoga));

process.on('message', (message: Message) => {
  if (answerCpuMessage(message) || answerPhaseMessage(message)) return;
  if (message.type === 'rss-after-gc') {
    // The soak's reading: once the requests the client dropped are done, started with --expose-gc, the process
    // collects fully before measuring (in-flight fan-outs would otherwise hold pages of ten users each). A forced
    // major GC leaves 40 to 150 MiB that it could free (bench/README.md); the GC a heap snapshot starts frees all of it.
    void drained().then(async () => {
      globalThis.gc?.({ type: 'major', execution: 'sync' });
      await collectAllGarbage();
      const memory = process.memoryUsage();
      process.send?.({ type: 'rss', rss: memory.rss, heapUsed: memory.heapUsed, collected: globalThis.gc !== undefined });
    });
    return;
  }
  if (message.type === 'clear-local-cache') {
    // The replica rows read the shared tier alone: this process's own tier is emptied first.
    app.cache?.clear();
    process.send?.({ type: 'cleared' });
    return;
  }
  feedgraph.server.close();
  void app.close().then(() => process.exit(0));
});
process.send?.({ type: 'ready', urls: { feedgraph: feedgraph.url } });
