import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { optionalText } from './providers/environment.js';

/* Access control, rate limits, CORS, the admin surface and the subgraph fields: their settings from the environment. */

/** A client or admin key, stored as the SHA-256 of the key, never the key itself. */
export interface StoredApiKey {
  /** Who holds it: names the client in logs and is its rate-limit bucket. */
  name: string;
  sha256Hex: string;
  /** This key's own MAX_UPSTREAM_CALLS (`name:sha256hex:maxUpstreamCalls=N`); null for the deployment's. */
  maxUpstreamCalls: number | null;
}

type JwtKeySource =
  | { kind: 'secret'; secret: string }
  | { kind: 'public-key'; pem: string; algorithm: string }
  | { kind: 'jwks'; url: string };

export interface JwtSettings {
  keys: JwtKeySource;
  issuer: string;
  audience: string;
}

export interface AccessSettings {
  /** Every request but /health and /ready must carry a client credential (an API key or a JWT). */
  authRequired: boolean;
  apiKeys: StoredApiKey[];
  adminApiKeys: StoredApiKey[];
  /** /metrics and `Query.providers` need no admin key: outside production when ADMIN_API_KEYS is unset. */
  adminOpen: boolean;
  jwt: JwtSettings | null;
  /** Per client: a bucket of `burst` requests refilled at `perMinute`; null when off. */
  rateLimit: { perMinute: number; burst: number } | null;
  /** Proxies in front of the server whose X-Forwarded-For entries are trusted, to find a client's address. */
  trustedProxyHops: number;
  /** CORS origins: every origin (reflected, never with credentials) or exactly these (none: closed). */
  corsOrigins: 'any' | string[];
  /** Serve the Federation subgraph schema (`_service`, `_entities`) on /subgraph; /graphql serves the client-facing one. */
  subgraph: boolean;
  /** Shared caches may keep answers to authenticated requests (the cache in front authenticates clients itself). */
  sharedCacheWithCredentials: boolean;
  /** FEDERATION_PREFIX: put in front of the subgraph schema's type and root field names (docs/federation.md). */
  subgraphPrefix: string | null;
}

const API_KEY_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const KEY_BUDGET = /^maxUpstreamCalls=([1-9]\d{0,4})$/;
export const JWT_PUBLIC_KEY_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

const switchSetting = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.enum(['1', '0', 'true', 'false', 'on', 'off']).optional(),
);
const optionalCount = (max: number) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).max(max).optional());

/**
 * `name:sha256hex` pairs, each optionally followed by `:maxUpstreamCalls=N`; entries are named by position, never
 * echoed (a raw key pasted by mistake is a secret).
 */
const apiKeyList = optionalText.transform((value, context) => {
  const keys: StoredApiKey[] = [];
  for (const [index, entry] of (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .entries()) {
    const [name = '', sha256Hex = '', budget, ...rest] = entry.split(':');
    if (!API_KEY_NAME.test(name) || !SHA256_HEX.test(sha256Hex) || rest.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `entry ${index + 1} is not name:sha256hex (a name of letters, digits, ".", "_" or "-", then the key's SHA-256 as 64 hex digits: printf %s "$KEY" | sha256sum), optionally followed by :maxUpstreamCalls=N`,
      });
      continue;
    }
    const budgetMatch = budget === undefined ? null : KEY_BUDGET.exec(budget);
    if (budget !== undefined && !budgetMatch) {
      context.addIssue({ code: 'custom', message: `entry ${index + 1}: after the key's SHA-256, only :maxUpstreamCalls=N (1 to 99999)` });
      continue;
    }
    keys.push({ name, sha256Hex: sha256Hex.toLowerCase(), maxUpstreamCalls: budgetMatch ? Number(budgetMatch[1]) : null });
  }
  return keys;
});

const originList = optionalText.transform((value, context) => {
  if (value === undefined) return undefined;
  if (value === '*') return 'any' as const;
  const origins = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!URL.canParse(origin) || !/^https?:$/.test(new URL(origin).protocol) || new URL(origin).origin !== origin) {
      context.addIssue({
        code: 'custom',
        message: `"${origin}" is not an origin (scheme://host[:port], nothing after it), or "*" alone for any origin`,
      });
    }
  }
  return origins;
});

export function accessVariables() {
  return {
    AUTH: switchSetting,
    API_KEYS: apiKeyList,
    ADMIN_API_KEYS: apiKeyList,
    JWT_SECRET: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
    ),
    JWT_PUBLIC_KEY: optionalText,
    JWT_ALGORITHM: z.preprocess((value) => (value === '' ? undefined : value), z.enum(JWT_PUBLIC_KEY_ALGORITHMS).default('RS256')),
    JWT_JWKS_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url({ protocol: /^https?$/ }).optional()),
    JWT_ISSUER: optionalText,
    JWT_AUDIENCE: optionalText,
    RATE_LIMIT_PER_MINUTE: optionalCount(1_000_000),
    RATE_LIMIT_BURST: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(1_000_000).optional()),
    TRUSTED_PROXY_HOPS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).max(10).default(0)),
    CORS_ORIGINS: originList,
    SUBGRAPH: switchSetting,
    SHARED_CACHE_WITH_CREDENTIALS: switchSetting,
    FEDERATION_PREFIX: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string()
        .regex(/^[A-Z][A-Za-z0-9]{0,31}$/, 'FEDERATION_PREFIX must be a type name in PascalCase, e.g. Social')
        .optional(),
    ),
  };
}

type AccessValues = z.infer<z.ZodObject<ReturnType<typeof accessVariables>>>;

/** Requests per minute per client in production when RATE_LIMIT_PER_MINUTE is unset. */
const DEFAULT_PRODUCTION_RATE_LIMIT_PER_MINUTE = 300;

function jwtOf(values: AccessValues, problems: string[]): JwtSettings | null {
  const sources: JwtKeySource[] = [];
  if (values.JWT_SECRET) sources.push({ kind: 'secret', secret: values.JWT_SECRET });
  if (values.JWT_PUBLIC_KEY) {
    // A PEM in one environment line usually arrives with its line breaks written as \n.
    const pem = values.JWT_PUBLIC_KEY.replaceAll('\\n', '\n');
    try {
      createPublicKey(pem);
    } catch {
      problems.push('JWT_PUBLIC_KEY: not a PEM public key (-----BEGIN PUBLIC KEY-----)');
    }
    sources.push({ kind: 'public-key', pem, algorithm: values.JWT_ALGORITHM });
  }
  if (values.JWT_JWKS_URL) sources.push({ kind: 'jwks', url: values.JWT_JWKS_URL });
  if (sources.length === 0) {
    if (values.JWT_ISSUER || values.JWT_AUDIENCE)
      problems.push('JWT_ISSUER/JWT_AUDIENCE: set with a key to verify tokens with (JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL)');
    return null;
  }
  if (sources.length > 1) problems.push('JWT_SECRET, JWT_PUBLIC_KEY, JWT_JWKS_URL: set only one of them');
  if (!values.JWT_ISSUER) problems.push('JWT_ISSUER: required to verify tokens (the "iss" they must carry)');
  if (!values.JWT_AUDIENCE) problems.push('JWT_AUDIENCE: required to verify tokens (the "aud" they must carry)');
  return { keys: sources[0]!, issuer: values.JWT_ISSUER ?? '', audience: values.JWT_AUDIENCE ?? '' };
}

/** Access settings; open in demo mode and outside production, closed in production unless opened by name. */
export function accessOf(values: AccessValues, production: boolean, demo: boolean): { access: AccessSettings; problems: string[] } {
  const problems: string[] = [];
  const exposed = production && !demo;
  const apiKeys = values.API_KEYS ?? [];
  const adminApiKeys = values.ADMIN_API_KEYS ?? [];
  const jwt = jwtOf(values, problems);
  const credentials = apiKeys.length > 0 || jwt !== null;
  const auth = values.AUTH === undefined ? undefined : values.AUTH === '1' || values.AUTH === 'true' || values.AUTH === 'on';
  if (auth === false && credentials) problems.push('AUTH: off, but API_KEYS or JWT_* are set; remove one or the other');
  if (auth === true && !credentials) problems.push('AUTH: on needs API_KEYS or a JWT key (JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL)');
  if (auth === undefined && exposed && !credentials) {
    problems.push(
      'API_KEYS: NODE_ENV=production needs client credentials (API_KEYS or JWT_*), or AUTH=off to serve without authentication',
    );
  }
  const perMinute = values.RATE_LIMIT_PER_MINUTE ?? (exposed ? DEFAULT_PRODUCTION_RATE_LIMIT_PER_MINUTE : 0);
  if (perMinute === 0 && values.RATE_LIMIT_BURST !== undefined) problems.push('RATE_LIMIT_BURST: needs RATE_LIMIT_PER_MINUTE');
  const subgraph = switchOf(values.SUBGRAPH, exposed);
  if (values.FEDERATION_PREFIX && !subgraph) problems.push('FEDERATION_PREFIX: renames the subgraph schema, which is off (SUBGRAPH=on)');
  return {
    problems,
    access: {
      authRequired: credentials,
      apiKeys,
      adminApiKeys,
      adminOpen: adminApiKeys.length === 0 && !exposed,
      jwt,
      rateLimit: perMinute === 0 ? null : { perMinute, burst: values.RATE_LIMIT_BURST ?? Math.ceil(perMinute / 6) },
      trustedProxyHops: values.TRUSTED_PROXY_HOPS,
      corsOrigins: values.CORS_ORIGINS ?? (exposed ? [] : 'any'),
      // Off unless set, in production or not.
      sharedCacheWithCredentials: switchOf(values.SHARED_CACHE_WITH_CREDENTIALS, true),
      subgraph,
      subgraphPrefix: values.FEDERATION_PREFIX ?? null,
    },
  };
}

/** No credentials, no limits, any origin, everything visible: the demo's settings, and yoga's when given none. */
export const OPEN_ACCESS: AccessSettings = {
  authRequired: false,
  apiKeys: [],
  adminApiKeys: [],
  adminOpen: true,
  jwt: null,
  rateLimit: null,
  trustedProxyHops: 0,
  corsOrigins: 'any',
  subgraph: true,
  sharedCacheWithCredentials: false,
  subgraphPrefix: null,
};

/** A switch that is on by default outside production and off in it, unless named. */
export function switchOf(value: string | undefined, production: boolean): boolean {
  if (value === undefined) return !production;
  return value === '1' || value === 'true' || value === 'on';
}
