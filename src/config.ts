import { z } from 'zod';
import { PROVIDER_IDS, type Platform, type ProviderId } from './domain.js';
import { PROVIDER_PLATFORMS } from './providers/provider.js';
import type { ResilienceSettings } from './providers/resilience.js';
import { DEFAULT_BASE_URL as AISA_URL } from './providers/aisa/client.js';
import { DEFAULT_BASE_URL as JUSTONEAPI_URL } from './providers/justoneapi/client.js';
import { DEFAULT_BASE_URL as SOCIAVAULT_URL } from './providers/sociavault/client.js';
import { DEFAULT_BASE_URL as THREADS_GRAPH_URL } from './providers/threads-graph/client.js';
import { DEFAULT_BASE_URL as THREADS_WEB_URL, DEFAULT_PRIVATE_BASE_URL as THREADS_WEB_PRIVATE_URL } from './providers/threads-web/client.js';

/** Unset and empty mean the same, as in most .env files. */
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().trim().min(1).optional());
const flagWithDefault = (fallback: boolean) =>
  z
    .preprocess((value) => (value === '' ? undefined : value), z.enum(['1', '0', 'true', 'false', 'on', 'off']).optional())
    .transform((value) => (value === undefined ? fallback : value === '1' || value === 'true' || value === 'on'));
const flag = flagWithDefault(false);
const count = (fallback: number, max: number) => z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(max).default(fallback));
const baseUrl = (fallback: string) => z.preprocess((value) => (value === '' ? undefined : value), z.url({ protocol: /^https?$/ }).default(fallback));
const providerList = (platform: Platform) =>
  optionalText.transform((value, context) => {
    if (value === undefined) return null;
    const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
    for (const id of ids) {
      if (!(PROVIDER_IDS as readonly string[]).includes(id) || PROVIDER_PLATFORMS[id as ProviderId] !== platform) {
        context.addIssue({ code: 'custom', message: `"${id}" is not a ${platform} provider (choose from ${PROVIDER_IDS.filter((known) => PROVIDER_PLATFORMS[known] === platform).join(', ')})` });
      }
    }
    return ids as ProviderId[];
  });

const environment = z.object({
  PORT: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).max(65535).default(4000)),
  HOST: optionalText,
  NODE_ENV: optionalText,
  DEMO: flag,
  THREADS_GRAPH_ACCESS_TOKEN: optionalText,
  THREADS_GRAPH_BASE_URL: baseUrl(THREADS_GRAPH_URL),
  SOCIAVAULT_API_KEY: optionalText,
  SOCIAVAULT_BASE_URL: baseUrl(SOCIAVAULT_URL),
  AISA_API_KEY: optionalText,
  AISA_BASE_URL: baseUrl(AISA_URL),
  JUSTONEAPI_TOKEN: optionalText,
  JUSTONEAPI_BASE_URL: baseUrl(JUSTONEAPI_URL),
  THREADS_WEB_ENABLED: flag,
  THREADS_WEB_BASE_URL: baseUrl(THREADS_WEB_URL),
  THREADS_WEB_PRIVATE_BASE_URL: baseUrl(THREADS_WEB_PRIVATE_URL),
  THREADS_WEB_TOKEN: optionalText,
  THREADS_PROVIDERS: providerList('THREADS'),
  INSTAGRAM_PROVIDERS: providerList('INSTAGRAM'),
  CURSOR_SECRET: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(32, 'CURSOR_SECRET must be at least 32 characters').optional()),
  UPSTREAM_TIMEOUT_MS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(100).max(120_000).default(10_000)),
  UPSTREAM_CACHE: flagWithDefault(true),
  UPSTREAM_CACHE_MAX_ENTRIES: count(10_000, 1_000_000),
  PROVIDER_CONCURRENCY: count(32, 1_000),
  PROVIDER_QUEUE_LIMIT: count(1_000, 100_000),
  UPSTREAM_RETRIES: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).max(5).default(2)),
  UPSTREAM_MAX_RETRY_AFTER_SECONDS: count(5, 3_600),
  CIRCUIT_BREAKER_FAILURES: count(5, 1_000),
  CIRCUIT_BREAKER_HALF_OPEN_MS: count(15_000, 3_600_000),
  DEMO_UPSTREAM_LATENCY_MS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).max(60_000).default(0)),
  GRAPHIQL: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['1', '0', 'true', 'false', 'on', 'off']).optional()),
  INTROSPECTION: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['1', '0', 'true', 'false', 'on', 'off']).optional()),
});

export interface ProviderSettings {
  threadsGraph: { accessToken: string; baseUrl: string } | null;
  sociavault: { apiKey: string; baseUrl: string } | null;
  aisa: { apiKey: string; baseUrl: string } | null;
  justoneapi: { token: string; baseUrl: string } | null;
  threadsWeb: { baseUrl: string; privateBaseUrl: string; token: string | null } | null;
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
  /** Cross-request cache of upstream answers; null when switched off. */
  cache: { maxEntries: number } | null;
  /** Per provider: retries, circuit breaker, and the bulkhead (calls in flight, calls allowed to wait). */
  resilience: ResilienceSettings;
  /** GraphiQL and introspection: on by default outside production, off in production unless switched on. */
  graphiql: boolean;
  introspection: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function switchOf(value: string | undefined, production: boolean): boolean {
  if (value === undefined) return !production;
  return value === '1' || value === 'true' || value === 'on';
}

/** Validates the environment; a bad value stops start-up with every problem named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  const values = parsed.data;
  const providers: ProviderSettings = {
    threadsGraph: values.THREADS_GRAPH_ACCESS_TOKEN ? { accessToken: values.THREADS_GRAPH_ACCESS_TOKEN, baseUrl: values.THREADS_GRAPH_BASE_URL } : null,
    sociavault: values.SOCIAVAULT_API_KEY ? { apiKey: values.SOCIAVAULT_API_KEY, baseUrl: values.SOCIAVAULT_BASE_URL } : null,
    aisa: values.AISA_API_KEY ? { apiKey: values.AISA_API_KEY, baseUrl: values.AISA_BASE_URL } : null,
    justoneapi: values.JUSTONEAPI_TOKEN ? { token: values.JUSTONEAPI_TOKEN, baseUrl: values.JUSTONEAPI_BASE_URL } : null,
    threadsWeb: values.THREADS_WEB_ENABLED
      ? { baseUrl: values.THREADS_WEB_BASE_URL, privateBaseUrl: values.THREADS_WEB_PRIVATE_BASE_URL, token: values.THREADS_WEB_TOKEN ?? null }
      : null,
  };
  const anyConfigured = Object.values(providers).some((settings) => settings !== null);
  const production = values.NODE_ENV === 'production';
  const demo = values.DEMO || !anyConfigured;
  if (production) refuseUnsafeProduction({ anyConfigured, demoRequested: values.DEMO, cursorSecret: values.CURSOR_SECRET });
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
    cache: values.UPSTREAM_CACHE ? { maxEntries: values.UPSTREAM_CACHE_MAX_ENTRIES } : null,
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
  };
}

const PROVIDER_CREDENTIALS = 'THREADS_GRAPH_ACCESS_TOKEN, SOCIAVAULT_API_KEY, AISA_API_KEY, JUSTONEAPI_TOKEN or THREADS_WEB_ENABLED';

/** Production never falls back silently: no fake data unless asked for, no per-process cursor key. */
function refuseUnsafeProduction(settings: { anyConfigured: boolean; demoRequested: boolean; cursorSecret: string | undefined }): void {
  const problems: string[] = [];
  if (!settings.anyConfigured && !settings.demoRequested) {
    problems.push(`  NODE_ENV=production with no provider configured: set a provider's credential (${PROVIDER_CREDENTIALS}), or DEMO=1 to serve the demo's fake data on purpose`);
  }
  if (settings.cursorSecret === undefined) {
    problems.push(
      "  CURSOR_SECRET: required when NODE_ENV=production; without it each process seals cursors with a random key of its own, so replicas reject each other's cursors and a restart breaks every cursor in use (generate one with `openssl rand -hex 32`)",
    );
  }
  if (problems.length > 0) throw new ConfigError(`Refusing to start in production:\n${problems.join('\n')}`);
}
