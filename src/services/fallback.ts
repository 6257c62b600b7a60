import type { Platform } from '../domain.js';
import { ProviderError } from '../errors.js';
import type { Capability, Provider } from '../providers/provider.js';
import { capabilityUnavailable } from './capabilities.js';

/** Failures after which the next provider with the capability is asked: transient, credential, credit or quota trouble. */
const FALLBACK_CODES = new Set([
  'CAPABILITY_UNAVAILABLE',
  'UNAUTHENTICATED',
  'INSUFFICIENT_CREDITS',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_BAD_RESPONSE',
]);

export function allowsFallback(error: unknown): error is ProviderError {
  // A "not found" that may only mean "not shown to this vendor" (Meta's answer for private profiles) is asked again elsewhere.
  return (
    error instanceof ProviderError && (FALLBACK_CODES.has(error.code) || (error.code === 'NOT_FOUND' && error.details.maybeHidden === true))
  );
}

/**
 * Runs `operation` on the first provider (in priority order) that has the capability; when it fails in a
 * way another vendor may not (an outage, a rate limit, a spent quota, a bad key, no credits, or a key it cannot read by),
 * the next capable provider answers. If every one fails, the first real failure is reported, naming the
 * providers that were tried.
 */
export async function withFirstCapable<T>(
  platform: Platform,
  providers: Provider[],
  capability: Capability,
  operation: (provider: Provider) => Promise<T>,
): Promise<T> {
  const capable = providers.filter((provider) => provider.capabilities.has(capability));
  const failures: ProviderError[] = [];
  for (const provider of capable) {
    try {
      return await operation(provider);
    } catch (error) {
      if (!allowsFallback(error)) throw error;
      failures.push(error);
    }
  }
  const reported = failures.find((failure) => failure.code !== 'CAPABILITY_UNAVAILABLE') ?? failures[0];
  if (!reported) throw capabilityUnavailable(platform, capability, providers);
  if (failures.length > 1) reported.details.triedProviders = failures.map((failure) => failure.provider);
  throw reported;
}
