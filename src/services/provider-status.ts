import { PROVIDER_IDS, type Platform, type ProviderId } from '../domain.js';
import { PROVIDER_PLATFORMS } from '../providers/descriptors.js';
import type { Capability } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { CircuitStatus } from '../providers/resilience.js';
import type { QuotaStanding, Quotas } from '../quota/quotas.js';

export interface ProviderStatus {
  id: ProviderId;
  platform: Platform;
  configured: boolean;
  priority: number | null;
  capabilities: Capability[];
  creditsUsed: number | null;
  creditsAvailable: number | null;
  circuit: CircuitStatus | null;
  lastErrorCode: string | null;
  lastErrorAt: Date | null;
  /** Its quotas as they stand (read when asked for). */
  quotas: () => Promise<QuotaStanding[]>;
}

/** Every supported provider, configured here or not, with its priority, credits and health in this process. */
export function providerStatuses(registry: ProviderRegistry, quotas: Quotas | null): ProviderStatus[] {
  return PROVIDER_IDS.map((id) => {
    const provider = registry.byId(id);
    const platform = PROVIDER_PLATFORMS[id];
    const priority = registry.forPlatform(platform).findIndex((candidate) => candidate.id === id);
    const health = registry.healthOf(id);
    return {
      id,
      platform,
      configured: provider !== undefined,
      priority: priority === -1 ? null : priority + 1,
      capabilities: provider ? [...provider.capabilities] : [],
      creditsUsed: provider?.usage?.().creditsUsed ?? null,
      creditsAvailable: health?.creditsAvailable ?? null,
      circuit: health?.circuit() ?? null,
      lastErrorCode: health?.lastErrorCode ?? null,
      lastErrorAt: health?.lastErrorAt ?? null,
      quotas: async () => (quotas ? quotas.standing(id) : []),
    };
  });
}
