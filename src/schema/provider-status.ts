import { builder } from '../builder.js';
import type { QuotaStanding } from '../quota/quotas.js';
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

const QuotaUnitEnum = builder.enumType('QuotaUnit', {
  description: 'What a quota counts.',
  values: {
    CALLS: { value: 'calls', description: 'Calls sent to the vendor.' },
    CREDITS: { value: 'credits', description: "The vendor's credits, each call priced by its provider." },
  } as const,
});

const QuotaStatusRef = builder.objectRef<QuotaStanding>('QuotaStatus');

builder.objectType(QuotaStatusRef, {
  description: 'A quota on what feedgraph spends at a vendor (QUOTAS), as it stands across the replicas that share it.',
  fields: (t) => ({
    name: t.string({
      description: 'As written in QUOTAS, e.g. "threads-graph.profileLookup+profilePosts".',
      resolve: (quota) => quota.rule.name,
    }),
    unit: t.field({ type: QuotaUnitEnum, description: 'What it counts.', resolve: (quota) => quota.rule.unit }),
    limit: t.int({ description: 'The limit configured per window.', resolve: (quota) => quota.rule.limit }),
    windowSeconds: t.int({ description: 'The length of its window.', resolve: (quota) => quota.rule.windowSeconds }),
    rolling: t.boolean({
      description: 'Whether the limit holds over every rolling window; then each fixed window admits half of it.',
      resolve: (quota) => quota.rule.rolling,
    }),
    left: t.exposeInt('left', { description: 'What the current window still admits.' }),
    resetsAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the current window ends; null when no call has opened one.',
      resolve: (quota) => quota.resetsAt,
    }),
  }),
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
    quotas: t.field({
      type: [QuotaStatusRef],
      description: 'Its quotas (QUOTAS) and what is left of each.',
      resolve: (status) => status.quotas(),
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
