import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProviderId } from './domain.js';
import type { Capability } from './providers/provider.js';

/**
 * Prometheus metrics for what yoga cannot see: calls to the vendors, by provider and operation (the
 * capability name, a small fixed set), their latency and error codes, and the cross-request cache.
 */
export class UpstreamMetrics {
  readonly registry = new Registry();
  private readonly calls = new Counter({ name: 'feedgraph_upstream_calls_total', help: 'Vendor operations started, by outcome (ok or an error code).', labelNames: ['provider', 'operation', 'outcome'], registers: [this.registry] });
  private readonly durations = new Histogram({
    name: 'feedgraph_upstream_duration_seconds',
    help: 'Duration of vendor operations, retries included.',
    labelNames: ['provider', 'operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly cacheLookups = new Counter({ name: 'feedgraph_upstream_cache_total', help: 'Cross-request cache lookups, by result (hit or miss).', labelNames: ['provider', 'operation', 'result'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  recordCall(provider: ProviderId, operation: Capability, outcome: string, seconds: number): void {
    this.calls.inc({ provider, operation, outcome });
    this.durations.observe({ provider, operation }, seconds);
  }

  recordCacheLookup(provider: ProviderId, operation: Capability, hit: boolean): void {
    this.cacheLookups.inc({ provider, operation, result: hit ? 'hit' : 'miss' });
  }
}
