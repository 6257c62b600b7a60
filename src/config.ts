import { z } from 'zod';
import type { Platform, ProviderId } from './domain.js';
import type { AnyProviderDescriptor } from './providers/descriptor.js';
import { PROVIDERS, type ProviderSettings } from './providers/descriptors.js';
import { flag, flagWithDefault, optionalText } from './providers/environment.js';
import type { ResilienceSettings } from './providers/resilience.js';
import { ManifestError, PersistedDocumentManifest } from './persisted/manifest.js';
import type { PersistedDocumentSettings } from './persisted/settings.js';
import { accessOf, accessVariables, switchOf, type AccessSettings } from './access-settings.js';
import { quotasVariable, type QuotaRule } from './quota/config.js';

export type { ProviderSettings };
export { OPEN_ACCESS, JWT_PUBLIC_KEY_ALGORITHMS, type AccessSettings, type JwtSettings, type StoredApiKey } from './access-settings.js';

const count = (fallback: number, max: number) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(max).default(fallback));
const providerList = (platform: Platform, descriptors: readonly AnyProviderDescriptor[]) =>
  optionalText.transform((value, context) => {
    if (value === undefined) return null;
    const own = descriptors.filter((descriptor) => descriptor.platform === platform).map((descriptor) => descriptor.id);
    const ids = value
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    for (const id of ids) {
      if (!own.includes(id))
        context.addIssue({ code: 'custom', message: `"${id}" is not a ${platform} provider (choose from ${own.join(', ')})` });
    }
    return ids as ProviderId[];
  });

const leadingVariables = {
  PORT: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).max(65535).default(4000)),
  HOST: optionalText,
  NODE_ENV: optionalText,
  DEMO: flag,
};

/** The environment's variables; each provider's come from its descriptor, in the list's order. */
const environmentFor = (descriptors: readonly AnyProviderDescriptor[]) =>
  z.object({
    ...leadingVariables,
    ...providerVariables(descriptors),
    THREADS_PROVIDERS: providerList('THREADS', descriptors),
    INSTAGRAM_PROVIDERS: providerList('INSTAGRAM', descriptors),
    CURSOR_SECRET: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(32, 'CURSOR_SECRET must be at least 32 characters').optional(),
    ),
    UPSTREAM_TIMEOUT_MS: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce.number().int().min(100).max(120_000).default(10_000),
    ),
    REQUEST_TIMEOUT_MS: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce.number().int().min(100).max(600_000).default(25_000),
    ),
    JIT_MAX_DOCUMENTS: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce.number().int().min(0).max(100_000).default(1_000),
    ),
    UPSTREAM_CACHE: flagWithDefault(true),
    UPSTREAM_CACHE_MAX_ENTRIES: count(10_000, 1_000_000),
    RESPONSE_CACHE: flagWithDefault(false),
    RESPONSE_CACHE_MAX_ENTRIES: count(1_000, 100_000),
    // None of the vendors' documents sets a limit on calls in flight (Threads' is 1,000 calls a day, a quota):
    // the cap only guards against a runaway, so a fan-out of 10 users under 20 clients never waits on it.
    PROVIDER_CONCURRENCY: count(256, 1_000),
    PROVIDER_QUEUE_LIMIT: count(1_000, 100_000),
    UPSTREAM_RETRIES: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).max(5).default(2)),
    UPSTREAM_MAX_RETRY_AFTER_SECONDS: count(5, 3_600),
    CIRCUIT_BREAKER_FAILURES: count(5, 1_000),
    CIRCUIT_BREAKER_HALF_OPEN_MS: count(15_000, 3_600_000),
    DEMO_UPSTREAM_LATENCY_MS: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce.number().int().min(0).max(60_000).default(0),
    ),
    GRAPHIQL: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['1', '0', 'true', 'false', 'on', 'off']).optional()),
    INTROSPECTION: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['1', '0', 'true', 'false', 'on', 'off']).optional()),
    PERSISTED_DOCUMENTS: optionalText,
    PERSISTED_DOCUMENTS_ONLY: flag,
    APQ: flagWithDefault(true),
    APQ_MAX_ENTRIES: count(1_000, 1_000_000),
    REDIS_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url({ protocol: /^rediss?$/ }).optional()),
    REDIS_TIMEOUT_MS: count(100, 10_000),
    REDIS_KEY_PREFIX: z.preprocess((value) => (value === '' ? undefined : value), z.string().max(64).default('feedgraph:')),
    QUOTAS: quotasVariable(descriptors),
    MAX_UPSTREAM_CALLS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(10_000).optional()),
    COST_EXTENSION: flagWithDefault(true),
    ...accessVariables(),
  });

type EnvironmentValues = z.output<ReturnType<typeof environmentFor>>;

function providerVariables(descriptors: readonly AnyProviderDescriptor[]): z.ZodRawShape {
  return Object.fromEntries(descriptors.flatMap((descriptor) => Object.entries(descriptor.variables)));
}

/** Each descriptor's settings under its key, null when it is not configured. */
function providerSettingsOf(values: EnvironmentValues, descriptors: readonly AnyProviderDescriptor[]): ProviderSettings {
  // Built from the list, so typed by the list: the shipped descriptors' keys, plus any a test adds.
  return Object.fromEntries(descriptors.map((descriptor) => [descriptor.settingsKey, descriptor.settingsFrom(values)])) as ProviderSettings;
}

export interface Config {
  port: number;
  host: string;
  /** True when the graph should serve from the in-process fake upstreams. */
  demo: boolean;
  /** Latency the demo fakes add to every answer, to see the graph against a distant vendor. */
  demoUpstreamLatencyMs: number;
  production: boolean;
  providers: ProviderSettings;
  priorities: Record<Platform, ProviderId[] | null>;
  cursorSecret: string | null;
  upstreamTimeoutMs: number;
  /** The whole of one GraphQL request's vendor calls: past it, unfinished fields end with UPSTREAM_TIMEOUT. */
  requestTimeoutMs: number;
  /** How many distinct documents graphql-jit may compile over the process's life (each keeps memory for good). */
  jitMaxDocuments: number;
  /** Cross-request cache of upstream answers; null when switched off. */
  cache: { maxEntries: number } | null;
  /** Whole answers kept per caller for as long as their Cache-Control allows; null when switched off (the default). */
  responseCache: { maxEntries: number } | null;
  /** Per provider: retries, circuit breaker, and the bulkhead (calls in flight, calls allowed to wait). */
  resilience: ResilienceSettings;
  /** GraphiQL and introspection: on by default outside production, off in production unless switched on. */
  graphiql: boolean;
  introspection: boolean;
  /** Trusted documents from a manifest, trusted-only mode, and automatic persisted queries. */
  persisted: PersistedDocumentSettings;
  /** Client credentials, rate limits, CORS and what only admins see. */
  access: AccessSettings;
  /** The Redis that replicas share (cache, single-flight, APQ, rate limits); null keeps everything in process. */
  redis: {
    url: string;
    /** Every Redis command's bound: shorter than any vendor call, so a slow Redis only costs this. */
    timeoutMs: number;
    keyPrefix: string;
  } | null;
  /** Calls (or credits) each provider may spend per window; a call over one fails with QUOTA_EXCEEDED before it is sent. */
  quotas: readonly QuotaRule[];
  /** The most vendor calls one operation may be priced at (API keys may set their own); null for no such limit. */
  maxUpstreamCalls: number | null;
  /** `extensions.cost` on every result. */
  costExtension: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment; a bad value stops start-up with every problem named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, descriptors: readonly AnyProviderDescriptor[] = PROVIDERS): Config {
  const parsed = environmentFor(descriptors).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  const values = parsed.data;
  const providers = providerSettingsOf(values, descriptors);
  const anyConfigured = Object.values(providers).some((settings) => settings !== null);
  const production = values.NODE_ENV === 'production';
  const demo = values.DEMO || !anyConfigured;
  if (production) refuseUnsafeProduction({ anyConfigured, demoRequested: values.DEMO, cursorSecret: values.CURSOR_SECRET, descriptors });
  const { access, problems: accessProblems } = accessOf(values, production, demo);
  if (accessProblems.length > 0)
    throw new ConfigError(`Invalid configuration:\n${accessProblems.map((problem) => `  ${problem}`).join('\n')}`);
  return {
    port: values.PORT,
    host: values.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0'),
    demo,
    demoUpstreamLatencyMs: values.DEMO_UPSTREAM_LATENCY_MS,
    production,
    providers,
    priorities: { THREADS: values.THREADS_PROVIDERS, INSTAGRAM: values.INSTAGRAM_PROVIDERS },
    cursorSecret: values.CURSOR_SECRET ?? null,
    upstreamTimeoutMs: values.UPSTREAM_TIMEOUT_MS,
    requestTimeoutMs: values.REQUEST_TIMEOUT_MS,
    jitMaxDocuments: values.JIT_MAX_DOCUMENTS,
    cache: values.UPSTREAM_CACHE ? { maxEntries: values.UPSTREAM_CACHE_MAX_ENTRIES } : null,
    responseCache: values.RESPONSE_CACHE ? { maxEntries: values.RESPONSE_CACHE_MAX_ENTRIES } : null,
    resilience: {
      retries: values.UPSTREAM_RETRIES,
      maxRetryAfterSeconds: values.UPSTREAM_MAX_RETRY_AFTER_SECONDS,
      breakerFailures: values.CIRCUIT_BREAKER_FAILURES,
      breakerHalfOpenMs: values.CIRCUIT_BREAKER_HALF_OPEN_MS,
      concurrency: values.PROVIDER_CONCURRENCY,
      queue: values.PROVIDER_QUEUE_LIMIT,
    },
    graphiql: switchOf(values.GRAPHIQL, production),
    introspection: switchOf(values.INTROSPECTION, production),
    persisted: persistedDocumentSettings(values),
    access,
    redis: values.REDIS_URL ? { url: values.REDIS_URL, timeoutMs: values.REDIS_TIMEOUT_MS, keyPrefix: values.REDIS_KEY_PREFIX } : null,
    quotas: values.QUOTAS,
    maxUpstreamCalls: values.MAX_UPSTREAM_CALLS ?? null,
    costExtension: values.COST_EXTENSION,
  };
}

/** Reads the manifest now, so a missing or broken one stops start-up rather than the first request. */
function persistedDocumentSettings(values: EnvironmentValues): PersistedDocumentSettings {
  const path = values.PERSISTED_DOCUMENTS;
  if (values.PERSISTED_DOCUMENTS_ONLY && path === undefined) {
    throw new ConfigError(
      'Invalid configuration:\n  PERSISTED_DOCUMENTS_ONLY: needs PERSISTED_DOCUMENTS, the manifest of the documents to allow',
    );
  }
  let manifest: PersistedDocumentManifest | null = null;
  try {
    manifest = path === undefined ? null : PersistedDocumentManifest.read(path);
  } catch (error) {
    if (error instanceof ManifestError) throw new ConfigError(`Invalid configuration:\n  PERSISTED_DOCUMENTS: ${error.message}`);
    throw error;
  }
  return {
    manifest,
    only: values.PERSISTED_DOCUMENTS_ONLY,
    apq: values.APQ && !values.PERSISTED_DOCUMENTS_ONLY ? { maxEntries: values.APQ_MAX_ENTRIES } : null,
  };
}

/** "A, B or C": the variables that switch a provider on. */
function providerCredentials(descriptors: readonly AnyProviderDescriptor[]): string {
  const names = descriptors.map((descriptor) => descriptor.enabledBy);
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** Production never falls back silently: no fake data unless asked for, no per-process cursor key. */
function refuseUnsafeProduction(settings: {
  anyConfigured: boolean;
  demoRequested: boolean;
  cursorSecret: string | undefined;
  descriptors: readonly AnyProviderDescriptor[];
}): void {
  const problems: string[] = [];
  if (!settings.anyConfigured && !settings.demoRequested) {
    problems.push(
      `  NODE_ENV=production with no provider configured: set a provider's credential (${providerCredentials(settings.descriptors)}), or DEMO=1 to serve the demo's fake data on purpose`,
    );
  }
  if (settings.cursorSecret === undefined) {
    problems.push(
      "  CURSOR_SECRET: required when NODE_ENV=production; without it each process seals cursors with a random key of its own, so replicas reject each other's cursors and a restart breaks every cursor in use (generate one with `openssl rand -hex 32`)",
    );
  }
  if (problems.length > 0) throw new ConfigError(`Refusing to start in production:\n${problems.join('\n')}`);
}
