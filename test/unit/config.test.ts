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
