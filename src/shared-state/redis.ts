import type { YogaLogger } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { UpstreamMetrics } from '../metrics.js';
import { RedisMetrics } from './redis-metrics.js';

export interface RedisConnectionOptions {
  logger: YogaLogger;
  metrics?: UpstreamMetrics | null;
  /** Every command's bound (REDIS_TIMEOUT_MS). */
  timeoutMs: number;
  /** Starts every key feedgraph writes (REDIS_KEY_PREFIX); ioredis is not told, so scripts and libraries see whole keys. */
  keyPrefix: string;
}

/** The Redis that replicas share. Callers degrade to in-process behaviour whenever `attempt` answers undefined. */
export interface SharedRedis {
  client: Redis;
  available(): boolean;
  keyPrefix: string;
  /**
   * Runs one Redis operation; on an error or a timeout answers `undefined`, counts a fallback for `operation`, and
   * logs once per outage.
   */
  attempt<T>(operation: string, run: (client: Redis) => Promise<T>): Promise<T | undefined>;
  /** Resolves true once connected, false when `withinMs` passes first (start-up goes on without Redis then). */
  whenReady(withinMs: number): Promise<boolean>;
  close(): Promise<void>;
}

const MAX_RECONNECT_DELAY_MS = 2_000;
/** After a failed command, Redis is left alone this long: a Redis that hangs costs one timeout a second, not one per call. */
const PAUSE_AFTER_FAILURE_MS = 1_000;

export function connectRedis(url: string, options: RedisConnectionOptions): SharedRedis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: options.timeoutMs,
    maxRetriesPerRequest: 1,
    connectTimeout: Math.max(1_000, options.timeoutMs * 10),
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
  });
  const metrics = options.metrics ? new RedisMetrics(options.metrics.registry) : null;
  const outage = new OutageLog(options.logger, (up) => metrics?.setUp(up));
  let closing = false;
  let pausedUntil = 0;
  client.on('ready', () => {
    pausedUntil = 0;
    outage.recovered();
  });
  // Without a listener ioredis prints every connection error; the outage log says it once.
  client.on('error', (error: Error) => {
    if (!closing) outage.failed(error);
  });
  client.on('close', () => {
    if (!closing) outage.failed(new Error('connection closed'));
  });
  const shared: SharedRedis = {
    client,
    keyPrefix: options.keyPrefix,
    available: () => client.status === 'ready' && Date.now() >= pausedUntil,
    async attempt(operation, run) {
      if (!shared.available()) {
        metrics?.recordFallback(operation);
        return undefined;
      }
      try {
        const answer = await run(client);
        outage.recovered();
        return answer;
      } catch (error) {
        metrics?.recordFallback(operation);
        pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
        if (!closing) outage.failed(error instanceof Error ? error : new Error(String(error)));
        return undefined;
      }
    },
    whenReady: (withinMs) => readyWithin(client, withinMs),
    async close() {
      closing = true;
      client.disconnect();
    },
  };
  return shared;
}

/** One warning when Redis stops answering, one line when it is back; the `up` gauge follows. */
class OutageLog {
  private up: boolean | null = null;

  constructor(
    private readonly logger: YogaLogger,
    private readonly report: (up: boolean) => void,
  ) {}

  failed(error: Error): void {
    if (this.up === false) return;
    this.up = false;
    this.report(false);
    this.logger.warn({ error: { name: error.name, message: error.message } }, 'redis is unavailable: serving from this process alone');
  }

  recovered(): void {
    if (this.up === true) return;
    const wasDown = this.up === false;
    this.up = true;
    this.report(true);
    if (wasDown) this.logger.info('redis is back: sharing state with the other replicas again');
  }
}

function readyWithin(client: Redis, withinMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, withinMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', onReady);
  });
}
