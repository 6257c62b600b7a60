import { PROVIDER_IDS, type Platform, type ProviderId } from '../domain.js';
import { builder } from '../builder.js';
import { PROVIDER_PLATFORMS, type Capability } from '../providers/provider.js';
import { PlatformEnum } from './enums.js';

interface ProviderStatus {
  id: ProviderId;
  platform: Platform;
  configured: boolean;
  priority: number | null;
  capabilities: Capability[];
  creditsUsed: number | null;
}

const ProviderStatusRef = builder.objectRef<ProviderStatus>('ProviderStatus');

builder.objectType(ProviderStatusRef, {
  description: 'A vendor feedgraph can read from, and its state in this deployment.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The provider id used in configuration (e.g. THREADS_PROVIDERS).' }),
    platform: t.field({ type: PlatformEnum, description: 'The platform it serves.', resolve: (status) => status.platform }),
    configured: t.exposeBoolean('configured', { description: 'Whether its credentials are set.' }),
    priority: t.exposeInt('priority', { nullable: true, description: '1 for the first provider asked on its platform; null when not configured.' }),
    capabilities: t.exposeStringList('capabilities', { description: 'The operations it serves as configured.' }),
    creditsUsed: t.exposeInt('creditsUsed', { nullable: true, description: 'Credits this process has spent, for vendors that report them.' }),
  }),
});

builder.queryField('providers', (t) =>
  t.field({
    type: [ProviderStatusRef],
    description: 'Every supported provider and whether it is configured here.',
    resolve: (_root, _args, context) =>
      PROVIDER_IDS.map((id) => {
        const provider = context.registry.byId(id);
        const platform = PROVIDER_PLATFORMS[id];
        const priority = context.registry.forPlatform(platform).findIndex((candidate) => candidate.id === id);
        return {
          id,
          platform,
          configured: provider !== undefined,
          priority: priority === -1 ? null : priority + 1,
          capabilities: provider ? [...provider.capabilities] : [],
          creditsUsed: provider?.usage?.().creditsUsed ?? null,
        };
      }),
  }),
);
