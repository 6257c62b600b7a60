import { Counter, Gauge, type Registry } from 'prom-client';

/** Whether Redis answers, and how often a caller had to do without it. */
export class RedisMetrics {
  private readonly fallbacks: Counter<'operation'>;
  private readonly up: Gauge;

  constructor(registry: Registry) {
    this.fallbacks = new Counter({
      name: 'feedgraph_redis_fallbacks_total',
      help: 'Redis operations that failed or timed out, so this process did without Redis, by operation.',
      labelNames: ['operation'],
      registers: [registry],
    });
    this.up = new Gauge({
      name: 'feedgraph_redis_up',
      help: '1 while the shared Redis answers, 0 during an outage.',
      registers: [registry],
    });
  }

  recordFallback(operation: string): void {
    this.fallbacks.inc({ operation });
  }

  setUp(up: boolean): void {
    this.up.set(up ? 1 : 0);
  }
}
