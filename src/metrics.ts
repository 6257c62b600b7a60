import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
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
  private readonly credits = new Counter({
    name: 'feedgraph_vendor_credits_total',
    help: 'Credits the vendors reported spent by the calls really made (SociaVault reports them with each answer).',
    labelNames: ['provider'],
    registers: [this.registry],
  });
  private readonly joins = new Counter({
    name: 'feedgraph_upstream_single_flight_joins_total',
    help: 'Vendor requests that joined a call already in flight, in another request of this process or on another replica.',
    labelNames: ['provider', 'operation', 'where'],
    registers: [this.registry],
  });
  private readonly quotaRefusals = new Counter({
    name: 'feedgraph_quota_refusals_total',
    help: 'Vendor calls refused before they were sent because a quota (QUOTAS) was spent.',
    labelNames: ['provider', 'quota'],
    registers: [this.registry],
  });
  private readonly quotaLeft = new Gauge({
    name: 'feedgraph_quota_left',
    help: 'What is left of each quota (calls or credits) as last read by this process.',
    labelNames: ['provider', 'quota', 'unit'],
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

  recordCredits(provider: ProviderId, credits: number): void {
    this.credits.inc({ provider }, credits);
  }

  recordJoin(provider: ProviderId, operation: string, where: 'process' | 'replica'): void {
    this.joins.inc({ provider, operation, where });
  }

  recordQuota(reading: { provider: ProviderId; quota: string; unit: string; left: number }, refused: boolean): void {
    this.quotaLeft.set({ provider: reading.provider, quota: reading.quota, unit: reading.unit }, reading.left);
    if (refused) this.quotaRefusals.inc({ provider: reading.provider, quota: reading.quota });
  }

  recordUnhandledRejection(): void {
    this.unhandledRejections.inc();
  }
}
