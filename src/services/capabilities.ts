import { PROVIDER_IDS, type Platform, type ProviderId } from '../domain.js';
import { FeedgraphError } from '../errors.js';
import { POTENTIAL_CAPABILITIES, PROVIDER_PLATFORMS, type Capability, type Provider } from '../providers/provider.js';

const HOW_TO_CONFIGURE: Record<ProviderId, string> = {
  'threads-graph': 'set THREADS_GRAPH_ACCESS_TOKEN',
  sociavault: 'set SOCIAVAULT_API_KEY',
  aisa: 'set AISA_API_KEY',
  justoneapi: 'set JUSTONEAPI_TOKEN',
  'threads-web': 'set THREADS_WEB_ENABLED=true (and THREADS_WEB_TOKEN for followers, following and search)',
};

/** A clear CAPABILITY_UNAVAILABLE that names which provider would serve the field, if any. */
export function capabilityUnavailable(platform: Platform, capability: Capability, configured: Provider[]): FeedgraphError {
  const candidates = PROVIDER_IDS.filter((id) => PROVIDER_PLATFORMS[id] === platform && POTENTIAL_CAPABILITIES[id].includes(capability));
  const unconfigured = candidates.filter((id) => !configured.some((provider) => provider.id === id && provider.capabilities.has(capability)));
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
