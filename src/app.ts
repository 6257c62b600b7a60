import { Agent, type Dispatcher } from 'undici';
import { loadConfig, type Config } from './config.js';
import { CursorCodec } from './cursor.js';
import type { YogaLogger } from 'graphql-yoga';
import { startFakeUpstreams, type DemoCredentials, type FakeUpstreams } from './demo/index.js';
import { createJsonLogger } from './logger.js';
import type { AnyProviderDescriptor } from './providers/descriptor.js';
import { PROVIDERS } from './providers/descriptors.js';
import { MAX_RESPONSE_BYTES } from './providers/http.js';
import { createProviderRegistry, type ProviderRegistry } from './providers/registry.js';
import { UpstreamMetrics } from './metrics.js';
import { InMemoryPersistedQueryStore } from './persisted/query-store.js';
import { redisRateLimitStore } from './rate-limit-store.js';
import { RedisPersistedQueryStore } from './shared-state/persisted-query-store.js';
import { connectRedis, type SharedRedis } from './shared-state/redis.js';
import { UpstreamCalls } from './shared-state/upstream-calls.js';
import { UpstreamCache } from './upstream-cache.js';
import { createQuotas } from './quota/create-quotas.js';
import { createFeedgraphYoga } from './yoga.js';

export interface App {
  config: Config;
  registry: ProviderRegistry;
  yoga: ReturnType<typeof createFeedgraphYoga>;
  /** The in-process fake vendors, in demo mode. */
  fakes: FakeUpstreams | null;
  cache: UpstreamCache | null;
  /** The Redis replicas share, when REDIS_URL is set. */
  redis: SharedRedis | null;
  metrics: UpstreamMetrics;
  /** False from the moment a shutdown starts, so /ready takes the instance out of rotation. */
  isReady(): boolean;
  beginShutdown(): void;
  close(): Promise<void>;
}

export interface AppOptions {
  /** Injected in tests (e.g. a MockAgent); by default a keep-alive undici Agent. */
  dispatcher?: Dispatcher;
  logger?: YogaLogger;
  /** The fake vendors' credentials in demo mode (tests use unique values). */
  demoCredentials?: DemoCredentials;
  /** The providers to configure from `env` (tests add one of their own). */
  descriptors?: readonly AnyProviderDescriptor[];
}

/** Builds the whole graph from the environment; in demo mode it first starts the fake vendors on loopback. */
export async function startApp(env: NodeJS.ProcessEnv = process.env, options: AppOptions = {}): Promise<App> {
  const descriptors = options.descriptors ?? PROVIDERS;
  const loaded = loadConfig(env, descriptors);
  const fakes = loaded.demo ? await startFakeUpstreams(options.demoCredentials, descriptors) : null;
  for (const server of Object.values(fakes?.servers ?? {})) server.setLatency(loaded.demoUpstreamLatencyMs);
  const config: Config = fakes ? { ...loaded, providers: fakes.providerSettings } : loaded;
  const ownDispatcher = options.dispatcher
    ? null
    : new Agent({ keepAliveTimeout: 10_000, connections: config.resilience.concurrency, maxResponseSize: MAX_RESPONSE_BYTES });
  const dispatcher = options.dispatcher ?? ownDispatcher!;
  const logger = options.logger ?? createJsonLogger(config.production ? 'info' : 'warn');
  // An outage is one line when the circuit opens (and one when it closes), not one per failing call.
  const registry = createProviderRegistry(
    config,
    dispatcher,
    (provider, circuit) =>
      (circuit === 'OPEN' ? logger.warn : logger.info)(
        { provider, circuit },
        circuit === 'OPEN' ? `${provider} is failing: its circuit is open` : `${provider}: circuit ${circuit.toLowerCase()}`,
      ),
    descriptors,
  );
  const cursors = config.cursorSecret ? new CursorCodec(config.cursorSecret) : CursorCodec.withRandomSecret();
  const cache = config.cache ? new UpstreamCache(config.cache.maxEntries) : null;
  const metrics = new UpstreamMetrics();
  const redis = await sharedRedisOf(config, logger, metrics);
  const quotas = createQuotas(config.quotas, { redis, registry, descriptors, metrics });
  let shuttingDown = false;
  const isReady = () => !shuttingDown && registry.all.length > 0 && (fakes?.listening() ?? true);
  const yoga = createFeedgraphYoga({
    registry,
    cursors,
    cache,
    upstreamCalls: new UpstreamCalls({ cache, redis, lockMs: config.upstreamTimeoutMs, metrics }),
    metrics,
    ready: isReady,
    graphiql: config.graphiql,
    introspection: config.introspection,
    production: config.production,
    logger,
    requestTimeoutMs: config.requestTimeoutMs,
    jitMaxDocuments: config.jitMaxDocuments,
    persisted: config.persisted,
    access: config.access,
    ...(redis && config.persisted.apq
      ? { persistedQueryStore: new RedisPersistedQueryStore(redis, new InMemoryPersistedQueryStore(config.persisted.apq.maxEntries)) }
      : {}),
    ...(redis && config.access.rateLimit ? { rateLimitStore: redisRateLimitStore(redis, config.access.rateLimit) } : {}),
    quotas,
    maxUpstreamCalls: config.maxUpstreamCalls,
    costExtension: config.costExtension,
    responseCache: config.responseCache,
  });
  return {
    config,
    registry,
    yoga,
    fakes,
    cache,
    redis,
    metrics,
    isReady,
    beginShutdown: () => {
      shuttingDown = true;
    },
    async close() {
      await ownDispatcher?.close();
      await fakes?.close();
      await redis?.close();
    },
  };
}

/** Start-up waits a moment for Redis, and goes on without it (each process alone) when it does not answer. */
async function sharedRedisOf(config: Config, logger: YogaLogger, metrics: UpstreamMetrics): Promise<SharedRedis | null> {
  if (!config.redis) return null;
  const redis = connectRedis(config.redis.url, { logger, metrics, timeoutMs: config.redis.timeoutMs, keyPrefix: config.redis.keyPrefix });
  await redis.whenReady(Math.max(1_000, config.redis.timeoutMs * 10));
  return redis;
}
