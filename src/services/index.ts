import type { CursorCodec } from '../cursor.js';
import { PLATFORMS, type Platform, type Post } from '../domain.js';
import type { UpstreamLoaders } from '../loaders.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { Quotas } from '../quota/quotas.js';
import type { Connection, ConnectionArguments } from './connection.js';
import { feedConnection, type Author } from './feed.js';
import { PlatformService } from './platform-service.js';
import { providerStatuses, type ProviderStatus } from './provider-status.js';

/** Every use case the graph offers, over one request's loaders: the only thing resolvers call. */
export interface Services {
  forPlatform(platform: Platform): PlatformService;
  /** Several accounts' posts merged newest first. */
  feed(authors: Author[], args: ConnectionArguments): Promise<Connection<Post>>;
  providerStatuses(): ProviderStatus[];
}

export function createServices(
  registry: ProviderRegistry,
  loaders: UpstreamLoaders,
  cursors: CursorCodec,
  quotas: Quotas | null = null,
): Services {
  const byPlatform = new Map(
    PLATFORMS.map((platform) => [platform, new PlatformService(platform, registry.forPlatform(platform), loaders, cursors)]),
  );
  const services: Services = {
    forPlatform: (platform) => {
      const service = byPlatform.get(platform);
      if (!service) throw new Error(`no service for platform ${platform}`);
      return service;
    },
    feed: (authors, args) => feedConnection(services, cursors, authors, args),
    providerStatuses: () => providerStatuses(registry, quotas),
  };
  return services;
}
