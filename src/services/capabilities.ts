import { PROVIDER_IDS, type Platform } from '../domain.js';
import { FeedgraphError } from '../errors.js';
import { HOW_TO_CONFIGURE, POTENTIAL_CAPABILITIES, PROVIDER_PLATFORMS } from '../providers/descriptors.js';
import type { Capability, Provider } from '../providers/provider.js';

/** A clear CAPABILITY_UNAVAILABLE that names which provider would serve the field, if any. */
export function capabilityUnavailable(platform: Platform, capability: Capability, configured: Provider[]): FeedgraphError {
  const candidates = PROVIDER_IDS.filter((id) => PROVIDER_PLATFORMS[id] === platform && POTENTIAL_CAPABILITIES[id].includes(capability));
  const unconfigured = candidates.filter(
    (id) => !configured.some((provider) => provider.id === id && provider.capabilities.has(capability)),
  );
  const hint =
    candidates.length === 0
      ? `None of the ${platform} providers feedgraph supports offers it.`
      : `It is served by ${unconfigured.map((id) => `${id} (${HOW_TO_CONFIGURE[id]})`).join(' or ') || candidates.join(', ')}.`;
  return new FeedgraphError('CAPABILITY_UNAVAILABLE', `No configured ${platform} provider can serve ${capability}. ${hint}`, {
    platform,
    capability,
    servedBy: candidates,
  });
}
