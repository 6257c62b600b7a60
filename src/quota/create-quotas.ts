import type { Redis } from 'ioredis';
import type { ProviderId } from '../domain.js';
import type { UpstreamMetrics } from '../metrics.js';
import type { AnyProviderDescriptor } from '../providers/descriptor.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { QuotaRule } from './config.js';
import { Quotas } from './quotas.js';

/** The Redis replicas share, and the prefix of every key feedgraph writes there (a SharedRedis fits). */
interface QuotaRedis {
  client: Redis;
  keyPrefix: string;
}

/** The configured quotas, counted in `redis` when replicas share one; null when there are none. */
export function createQuotas(
  rules: readonly QuotaRule[],
  dependencies: {
    redis: QuotaRedis | null;
    registry: ProviderRegistry;
    descriptors: readonly AnyProviderDescriptor[];
    metrics: UpstreamMetrics;
  },
): Quotas | null {
  if (rules.length === 0) return null;
  const prices = new Map(dependencies.descriptors.map((descriptor) => [descriptor.id, descriptor.creditsPerCall ?? 1]));
  return new Quotas(rules, {
    redis: dependencies.redis?.client ?? null,
    keyPrefix: dependencies.redis?.keyPrefix ?? '',
    scopeOf: dependencies.registry.cacheScopeOf,
    creditsPerCall: (provider: ProviderId) => prices.get(provider) ?? 1,
    onReading: (reading, refused) => dependencies.metrics.recordQuota(reading, refused),
  });
}
