import type { AccessSettings } from '../access-settings.js';
import { clientOf } from '../plugins/use-authentication.js';

/**
 * The most vendor calls one operation may be priced at, for the client that sent it: its API key's own
 * `maxUpstreamCalls` when it has one, else MAX_UPSTREAM_CALLS; null for no limit.
 */
export function budgetOf(maxUpstreamCalls: number | null, access: AccessSettings): (context: object) => number | null {
  const byClient = new Map(
    [...access.apiKeys, ...access.adminApiKeys]
      .filter((key) => key.maxUpstreamCalls !== null)
      .map((key) => [`key:${key.name}`, key.maxUpstreamCalls]),
  );
  return (context) => {
    const request = (context as { request?: Request }).request;
    const client = request ? clientOf(request) : undefined;
    return (client?.id ? byClient.get(client.id) : undefined) ?? maxUpstreamCalls;
  };
}
