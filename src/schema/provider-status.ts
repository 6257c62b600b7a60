import { builder } from '../builder.js';
import type { ProviderStatus } from '../services/provider-status.js';
import { PlatformEnum } from './enums.js';

const CircuitStateEnum = builder.enumType('CircuitState', {
  description: "A provider's circuit breaker.",
  values: {
    CLOSED: { value: 'CLOSED', description: 'Calls go through.' },
    OPEN: { value: 'OPEN', description: 'The vendor failed repeatedly; calls fail fast until a trial call is allowed.' },
    HALF_OPEN: { value: 'HALF_OPEN', description: 'One trial call decides whether the circuit closes again.' },
  } as const,
});

const ProviderStatusRef = builder.objectRef<ProviderStatus>('ProviderStatus');

builder.objectType(ProviderStatusRef, {
  description: 'A vendor feedgraph can read from, and its state in this deployment.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The provider id used in configuration (e.g. THREADS_PROVIDERS).' }),
    platform: t.field({ type: PlatformEnum, description: 'The platform it serves.', resolve: (status) => status.platform }),
    configured: t.exposeBoolean('configured', { description: 'Whether its credentials are set.' }),
    priority: t.exposeInt('priority', {
      nullable: true,
      description: '1 for the first provider asked on its platform; null when not configured.',
    }),
    capabilities: t.exposeStringList('capabilities', { description: 'The operations it serves as configured.' }),
    creditsUsed: t.exposeInt('creditsUsed', {
      nullable: true,
      description: 'Credits this process has spent, for vendors that report them.',
    }),
    creditsAvailable: t.exposeInt('creditsAvailable', {
      nullable: true,
      description: 'The balance the vendor last reported (SociaVault reports it when credits run out).',
    }),
    circuit: t.field({
      type: CircuitStateEnum,
      nullable: true,
      description: 'Its circuit breaker; null when not configured.',
      resolve: (status) => status.circuit,
    }),
    lastErrorCode: t.exposeString('lastErrorCode', {
      nullable: true,
      description: 'The code of its last failure in this process, if any.',
    }),
    lastErrorAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When that failure happened.',
      resolve: (status) => status.lastErrorAt,
    }),
  }),
});

builder.queryField('providers', (t) =>
  t.field({
    type: [ProviderStatusRef],
    description: 'Every supported provider and whether it is configured here.',
    resolve: (_root, _args, context) => context.services.providerStatuses(),
  }),
);
