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
    expect(loadConfig({ THREADS_WEB_ENABLED: 'true' }).providers.threadsWeb).toMatchObject({ token: null, baseUrl: 'https://www.threads.net' });
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
    expect(loadConfig({ NODE_ENV: 'production', DEMO: '1', CURSOR_SECRET: SECRET })).toMatchObject({ demo: true, production: true, cursorSecret: SECRET });
  });

  it('refuses to start without CURSOR_SECRET and says that replicas would reject each other\'s cursors', () => {
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
    expect(loadConfig({ NODE_ENV: 'production', AISA_API_KEY: 'key', CURSOR_SECRET: SECRET })).toMatchObject({ demo: false, production: true, host: '0.0.0.0', graphiql: false, introspection: false });
  });

  it('asks nothing more outside production', () => {
    expect(loadConfig({ NODE_ENV: 'development' })).toMatchObject({ demo: true, production: false, cursorSecret: null });
  });
});
