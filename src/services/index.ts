import type { CursorCodec } from '../cursor.js';
import type { Platform } from '../domain.js';
import type { UpstreamLoaders } from '../loaders.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { PlatformService } from './platform-service.js';

export interface Services {
  forPlatform(platform: Platform): PlatformService;
}

export function createServices(registry: ProviderRegistry, loaders: UpstreamLoaders, cursors: CursorCodec): Services {
  const services = {
    THREADS: new PlatformService('THREADS', registry.forPlatform('THREADS'), loaders, cursors),
    INSTAGRAM: new PlatformService('INSTAGRAM', registry.forPlatform('INSTAGRAM'), loaders, cursors),
  };
  return { forPlatform: (platform) => services[platform] };
}
