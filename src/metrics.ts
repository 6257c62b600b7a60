import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProviderId } from './domain.js';

/**
 * Prometheus metrics for what yoga cannot see: calls to the vendors, by provider and vendor operation
 * (the endpoint, a small fixed set), their latency and error codes, and the cross-request cache.
 */
export class UpstreamMetrics {
  readonly registry = new Registry();
  private readonly calls = new Counter({
    name: 'feedgraph_upstream_calls_total',
    help: 'Vendor operations started, by outcome (ok or an error code).',
    labelNames: ['provider', 'operation', 'outcome'],
    registers: [this.registry],
  });
  private readonly durations = new Histogram({
    name: 'feedgraph_upstream_duration_seconds',
    help: 'Duration of vendor operations, retries included.',
    labelNames: ['provider', 'operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly droppedItems = new Counter({
    name: 'feedgraph_upstream_items_dropped_total',
    help: 'Items of vendor lists left out because they could not be mapped (no id, no time, a rejected shape).',
    labelNames: ['provider', 'operation'],
    registers: [this.registry],
  });
  private readonly cacheLookups = new Counter({
    name: 'feedgraph_upstream_cache_total',
    help: 'Cross-request cache lookups, by tier (local: this process, shared: Redis) and result (hit or miss).',
    labelNames: ['provider', 'operation', 'tier', 'result'],
    registers: [this.registry],
  });
  private readonly unhandledRejections = new Counter({
    name: 'feedgraph_unhandled_rejections_total',
    help: 'Promise rejections no code handled: each one a bug, logged at error level; the process keeps serving.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  recordCall(provider: ProviderId, operation: string, outcome: string, seconds: number): void {
    this.calls.inc({ provider, operation, outcome });
    this.durations.observe({ provider, operation }, seconds);
  }

  recordCacheLookup(provider: ProviderId, operation: string, hit: boolean, tier: 'local' | 'shared'): void {
    this.cacheLookups.inc({ provider, operation, tier, result: hit ? 'hit' : 'miss' });
  }

  recordDroppedItems(provider: ProviderId, operation: string, count: number): void {
    this.droppedItems.inc({ provider, operation }, count);
  }

  recordUnhandledRejection(): void {
    this.unhandledRejections.inc();
  }
}
