import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration from the environment', () => {
  it('is demo mode, on loopback port 4000, when no provider is configured', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ demo: true, port: 4000, host: '127.0.0.1', cursorSecret: null });
  });

  it('configures a provider when its credential is set, with the vendor base URL by default', () => {
    const config = loadConfig({ AISA_API_KEY: 'key', THREADS_GRAPH_ACCESS_TOKEN: 'token', THREADS_PROVIDERS: 'threads-graph' });
    expect(config.demo).toBe(false);
    expect(config.providers.aisa).toEqual({ apiKey: 'key', baseUrl: 'https://api.aisa.one/apis/v1' });
    expect(config.providers.threadsGraph?.baseUrl).toBe('https://graph.threads.net/v1.0');
    expect(config.providers.sociavault).toBeNull();
    expect(config.priorities.THREADS).toEqual(['threads-graph']);
  });

  it('keeps threads-web off unless THREADS_WEB_ENABLED=true, even with a token', () => {
    expect(loadConfig({ THREADS_WEB_TOKEN: 'x' }).providers.threadsWeb).toBeNull();
    expect(loadConfig({ THREADS_WEB_ENABLED: 'true' }).providers.threadsWeb).toMatchObject({
      token: null,
      baseUrl: 'https://www.threads.net',
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ AISA_API_KEY: '', PORT: '' })).toMatchObject({ demo: true, port: 4000 });
  });

  it('names every bad value in one clear error', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', THREADS_PROVIDERS: 'aisa,nope', AISA_BASE_URL: 'ftp://x', CURSOR_SECRET: 'short' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/"aisa" is not a THREADS provider/);
    expect(attempt).toThrow(/"nope" is not a THREADS provider/);
    expect(attempt).toThrow(/AISA_BASE_URL/);
    expect(attempt).toThrow(/CURSOR_SECRET must be at least 32 characters/);
  });

  it('keeps everything in process without REDIS_URL, and reads the Redis settings with their defaults', () => {
    expect(loadConfig({}).redis).toBeNull();
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379/0' }).redis).toEqual({
      url: 'redis://cache:6379/0',
      timeoutMs: 100,
      keyPrefix: 'feedgraph:',
    });
    expect(loadConfig({ REDIS_URL: 'rediss://cache', REDIS_TIMEOUT_MS: '250', REDIS_KEY_PREFIX: 'blue:' }).redis).toMatchObject({
      timeoutMs: 250,
      keyPrefix: 'blue:',
    });
  });

  it('refuses a REDIS_URL that is not redis:// or rediss:// and a REDIS_TIMEOUT_MS that is not a positive count', () => {
    const attempt = () => loadConfig({ REDIS_URL: 'http://cache:6379', REDIS_TIMEOUT_MS: '0' });
    expect(attempt).toThrow(/REDIS_URL/);
    expect(attempt).toThrow(/REDIS_TIMEOUT_MS/);
  });
});

describe('access settings from the environment', () => {
  const production = { NODE_ENV: 'production', AISA_API_KEY: 'key', CURSOR_SECRET: 'a-production-cursor-secret-of-32-characters-or-more' };
  const hash = 'a'.repeat(64);

  it('is open in demo mode and outside production: no credentials, no limit, any origin, the subgraph schema, admin views', () => {
    for (const env of [
      {},
      { AISA_API_KEY: 'key' },
      { NODE_ENV: 'production', DEMO: '1', CURSOR_SECRET: 'a-production-cursor-secret-of-32-characters-or-more' },
    ]) {
      expect(loadConfig(env).access).toEqual({
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
      });
    }
  });

  it('refuses a production start without client credentials, naming API_KEYS and AUTH=off', () => {
    expect(() => loadConfig(production)).toThrow(
      /API_KEYS: NODE_ENV=production needs client credentials \(API_KEYS or JWT_\*\), or AUTH=off/,
    );
    expect(loadConfig({ ...production, AUTH: 'off' }).access.authRequired).toBe(false);
  });

  it('closes production by default: keys required, a rate limit, no CORS origin, no admin view without ADMIN_API_KEYS, no subgraph', () => {
    expect(loadConfig({ ...production, API_KEYS: `alice:${hash.toUpperCase()}` }).access).toEqual({
      authRequired: true,
      apiKeys: [{ name: 'alice', sha256Hex: hash, maxUpstreamCalls: null }],
      adminApiKeys: [],
      adminOpen: false,
      jwt: null,
      rateLimit: { perMinute: 300, burst: 50 },
      trustedProxyHops: 0,
      corsOrigins: [],
      subgraph: false,
      sharedCacheWithCredentials: false,
      subgraphPrefix: null,
    });
  });

  it('opens what is named: CORS origins, the subgraph, the rate limit switched off', () => {
    const access = loadConfig({
      ...production,
      AUTH: 'off',
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      SUBGRAPH: 'on',
      RATE_LIMIT_PER_MINUTE: '0',
    }).access;
    expect(access).toMatchObject({ corsOrigins: ['https://app.example.com', 'http://localhost:5173'], subgraph: true, rateLimit: null });
    expect(loadConfig({ CORS_ORIGINS: '*' }).access.corsOrigins).toBe('any');
  });

  it('takes a PascalCase FEDERATION_PREFIX for the subgraph schema and refuses one that is not a type name or has no subgraph', () => {
    expect(loadConfig({ FEDERATION_PREFIX: 'Social' }).access.subgraphPrefix).toBe('Social');
    expect(() => loadConfig({ FEDERATION_PREFIX: 'social_' })).toThrow(/FEDERATION_PREFIX must be a type name in PascalCase/);
    expect(() => loadConfig({ ...production, AUTH: 'off', FEDERATION_PREFIX: 'Social' })).toThrow(
      /FEDERATION_PREFIX: renames the subgraph schema, which is off \(SUBGRAPH=on\)/,
    );
  });

  it('names a malformed key entry by position, never echoing it (a raw key pasted by mistake is a secret)', () => {
    const attempt = () => loadConfig({ API_KEYS: `alice:${hash},the-raw-secret-key,bob:1234`, ADMIN_API_KEYS: 'ops' });
    expect(attempt).toThrow(/API_KEYS: entry 2 is not name:sha256hex .*sha256sum/);
    expect(attempt).toThrow(/API_KEYS: entry 3 is not name:sha256hex/);
    expect(attempt).toThrow(/ADMIN_API_KEYS: entry 1 is not name:sha256hex/);
    expect(attempt).not.toThrow(/the-raw-secret-key/);
  });

  it('refuses contradictions and incomplete settings, each named', () => {
    expect(() => loadConfig({ AUTH: 'off', API_KEYS: `alice:${hash}` })).toThrow(/AUTH: off, but API_KEYS or JWT_\* are set/);
    expect(() => loadConfig({ AUTH: 'on' })).toThrow(/AUTH: on needs API_KEYS or a JWT key/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.com/,app.example.com' })).toThrow(
      /"https:\/\/app.example.com\/" is not an origin[\s\S]*"app.example.com" is not an origin/,
    );
    expect(() => loadConfig({ RATE_LIMIT_BURST: '5' })).toThrow(/RATE_LIMIT_BURST: needs RATE_LIMIT_PER_MINUTE/);
    expect(() => loadConfig({ JWT_ISSUER: 'https://issuer.example' })).toThrow(/JWT_ISSUER\/JWT_AUDIENCE: set with a key/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
    const twoSources = () => loadConfig({ JWT_SECRET: 's'.repeat(32), JWT_JWKS_URL: 'https://issuer.example/jwks.json' });
    expect(twoSources).toThrow(/set only one of them/);
    expect(twoSources).toThrow(/JWT_ISSUER: required/);
    expect(twoSources).toThrow(/JWT_AUDIENCE: required/);
    expect(() => loadConfig({ JWT_PUBLIC_KEY: 'not a key', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' })).toThrow(
      /JWT_PUBLIC_KEY: not a PEM public key/,
    );
  });

  it('takes a JWT as the client credential where one is required', () => {
    const access = loadConfig({
      ...production,
      JWT_JWKS_URL: 'https://issuer.example/jwks.json',
      JWT_ISSUER: 'https://issuer.example',
      JWT_AUDIENCE: 'feedgraph',
    }).access;
    expect(access).toMatchObject({
      authRequired: true,
      jwt: { keys: { kind: 'jwks', url: 'https://issuer.example/jwks.json' }, issuer: 'https://issuer.example', audience: 'feedgraph' },
    });
  });
});

describe('start-up with NODE_ENV=production', () => {
  const SECRET = 'a-production-cursor-secret-of-32-characters-or-more';

  it('refuses to serve fake data when no provider is configured, naming the variables that would fix it', () => {
    const attempt = () => loadConfig({ NODE_ENV: 'production', CURSOR_SECRET: SECRET });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/NODE_ENV=production with no provider configured/);
    expect(attempt).toThrow(/THREADS_GRAPH_ACCESS_TOKEN, SOCIAVAULT_API_KEY, AISA_API_KEY, JUSTONEAPI_TOKEN or THREADS_WEB_ENABLED/);
    expect(attempt).toThrow(/DEMO=1/);
  });

  it('serves the demo when DEMO=1 asks for it', () => {
    expect(loadConfig({ NODE_ENV: 'production', DEMO: '1', CURSOR_SECRET: SECRET })).toMatchObject({
      demo: true,
      production: true,
      cursorSecret: SECRET,
    });
  });

  it("refuses to start without CURSOR_SECRET and says that replicas would reject each other's cursors", () => {
    const attempt = () => loadConfig({ NODE_ENV: 'production', AISA_API_KEY: 'key' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/CURSOR_SECRET: required when NODE_ENV=production/);
    expect(attempt).toThrow(/replicas reject each other's cursors/);
  });

  it('requires CURSOR_SECRET for a production demo too', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO: '1' })).toThrow(/CURSOR_SECRET: required/);
  });

  it('names both problems at once when both are missing', () => {
    const attempt = () => loadConfig({ NODE_ENV: 'production' });
    expect(attempt).toThrow(/no provider configured[\s\S]*CURSOR_SECRET: required/);
  });

  it('starts with a provider and a cursor secret, GraphiQL and introspection off', () => {
    expect(loadConfig({ NODE_ENV: 'production', AISA_API_KEY: 'key', CURSOR_SECRET: SECRET, AUTH: 'off' })).toMatchObject({
      demo: false,
      production: true,
      host: '0.0.0.0',
      graphiql: false,
      introspection: false,
    });
  });

  it('asks nothing more outside production', () => {
    expect(loadConfig({ NODE_ENV: 'development' })).toMatchObject({ demo: true, production: false, cursorSecret: null });
  });
});
