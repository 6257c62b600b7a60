import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { YogaLogger } from 'graphql-yoga';
import { startFakeUpstreams, type DemoCredentials, type FakeUpstreams } from '../../src/demo/index.js';
import type { Fault } from '../../src/demo/fake-server.js';
import { PostByShortcodeAndByIdQuery, ProfilePostsAndFollowersQuery, SearchBesideProviderCreditsQuery } from '../documents/canary.js';
import { UserNameQuery, UserPostIdsQuery } from '../documents/users.js';
import { GraphServer } from '../support/graph-server.js';

const CANARY: DemoCredentials = {
  threadsGraphAccessToken: 'canary-graph-token-7f3a9c1e',
  sociavaultApiKey: 'sk_live_canary_sociavault_5b2d8e',
  aisaApiKey: 'canary-aisa-key-0c4f6a2b',
  justoneapiToken: 'canary-justone-token-9e1d3f7a',
  threadsWebToken: 'canary-web-token-2a8c5e0d',
};
const CURSOR_SECRET = 'canary-cursor-secret-4d6f8a0c2e4a6c8e0a2c';
const WRONG_KEYS = {
  THREADS_GRAPH_ACCESS_TOKEN: 'canary-wrong-graph-1b3d',
  SOCIAVAULT_API_KEY: 'sk_live_canary_wrong_2c4e',
  AISA_API_KEY: 'canary-wrong-aisa-3d5f',
  JUSTONEAPI_TOKEN: 'canary-wrong-justone-4e6a',
  THREADS_WEB_TOKEN: 'canary-wrong-web-5f7b',
};
const SECRETS = [...Object.values(CANARY), CURSOR_SECRET, ...Object.values(WRONG_KEYS)];

const emitted: string[] = [];
const capture = (...args: unknown[]) =>
  emitted.push(
    args
      .map((arg) =>
        arg instanceof Error
          ? `${arg.name} ${arg.message} ${arg.stack ?? ''} ${JSON.stringify(arg)}`
          : typeof arg === 'string'
            ? arg
            : JSON.stringify(arg),
      )
      .join(' '),
  );
const logger: YogaLogger = { debug: capture, info: capture, warn: capture, error: capture };

const CANARY_KEYS = {
  THREADS_GRAPH_ACCESS_TOKEN: CANARY.threadsGraphAccessToken,
  SOCIAVAULT_API_KEY: CANARY.sociavaultApiKey,
  AISA_API_KEY: CANARY.aisaApiKey,
  JUSTONEAPI_TOKEN: CANARY.justoneapiToken,
  THREADS_WEB_TOKEN: CANARY.threadsWebToken,
};

/** The keys given decide which providers are configured; THREADS_WEB_TOKEN alone enables threads-web. */
function envOf(fakes: FakeUpstreams, keys: Partial<Record<keyof typeof CANARY_KEYS, string>>): NodeJS.ProcessEnv {
  const settings = fakes.providerSettings;
  return {
    CURSOR_SECRET,
    UPSTREAM_TIMEOUT_MS: '300',
    UPSTREAM_RETRIES: '1',
    UPSTREAM_CACHE: 'off',
    THREADS_GRAPH_BASE_URL: settings.threadsGraph!.baseUrl,
    SOCIAVAULT_BASE_URL: settings.sociavault!.baseUrl,
    AISA_BASE_URL: settings.aisa!.baseUrl,
    JUSTONEAPI_BASE_URL: settings.justoneapi!.baseUrl,
    THREADS_WEB_ENABLED: keys.THREADS_WEB_TOKEN ? 'true' : 'false',
    THREADS_WEB_BASE_URL: settings.threadsWeb!.baseUrl,
    THREADS_WEB_PRIVATE_BASE_URL: settings.threadsWeb!.privateBaseUrl,
    ...keys,
  };
}

/** Which configuration key makes each fake vendor the only provider. */
const ONLY: Record<keyof FakeUpstreams['servers'], keyof typeof CANARY_KEYS> = {
  'threads-graph': 'THREADS_GRAPH_ACCESS_TOKEN',
  sociavault: 'SOCIAVAULT_API_KEY',
  aisa: 'AISA_API_KEY',
  justoneapi: 'JUSTONEAPI_TOKEN',
  'threads-web': 'THREADS_WEB_TOKEN',
};

/** The requests that drive every error path: each answers with the response text the test searches for secrets. */
const QUERIES: ((server: GraphServer) => Promise<{ text: string }>)[] = [
  (server) => server.query(ProfilePostsAndFollowersQuery, { platform: 'THREADS', username: 'zuck' }),
  (server) => server.query(UserPostIdsQuery, { platform: 'INSTAGRAM', username: 'carsoncantcode', first: 13 }),
  (server) => server.query(SearchBesideProviderCreditsQuery, { query: 'fan' }),
  (server) => server.query(PostByShortcodeAndByIdQuery, { shortcode: 'nope-nope', id: '1' }),
  (server) => server.query(UserPostIdsQuery, { platform: 'THREADS', username: 'zuck', first: 2, after: `AQAAAAA${'A'.repeat(60)}` }),
  (server) => server.query(UserNameQuery, { platform: 'THREADS', username: '../etc' }),
];

const FAULTS: Fault[] = [
  { kind: 'status', status: 401 },
  { kind: 'status', status: 402 },
  { kind: 'status', status: 429, retryAfterSeconds: 60 },
  { kind: 'status', status: 500 },
  { kind: 'hang' },
  { kind: 'truncated' },
  { kind: 'invalid-json' },
  { kind: 'wrong-shape' },
];

let fakes: FakeUpstreams;
let graph: GraphServer;
let wrong: GraphServer;
const originalConsole = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };

beforeAll(async () => {
  Object.assign(console, { log: capture, warn: capture, error: capture, info: capture, debug: capture });
  fakes = await startFakeUpstreams(CANARY);
  graph = await GraphServer.start(envOf(fakes, CANARY_KEYS), { logger });
  wrong = await GraphServer.start(envOf(fakes, WRONG_KEYS), { logger });
});

afterAll(async () => {
  Object.assign(console, originalConsole);
  await graph.close();
  await wrong.close();
  await fakes.close();
});

async function drive(server: GraphServer) {
  for (const ask of QUERIES) {
    const result = await ask(server);
    emitted.push(result.text);
    const cursor = /"endCursor":"([^"]+)"/.exec(result.text)?.[1];
    if (cursor) {
      for (const tampered of [cursor.slice(0, -3), `${cursor.slice(0, 10)}A${cursor.slice(11)}`]) {
        emitted.push((await server.query(UserPostIdsQuery, { platform: 'THREADS', username: 'zuck', first: 2, after: tampered })).text);
      }
    }
  }
}

describe('no secret ever leaves the server', () => {
  it('drives every error path with unique canary credentials and finds none of them in responses or logs', async () => {
    await drive(graph);
    await drive(wrong);
    // Each vendor alone, so its failures surface instead of being covered by a fallback.
    for (const [name, server] of Object.entries(fakes.servers) as [
      keyof FakeUpstreams['servers'],
      FakeUpstreams['servers'][keyof FakeUpstreams['servers']],
    ][]) {
      const key = ONLY[name];
      const alone = await GraphServer.start(envOf(fakes, { [key]: CANARY_KEYS[key] }), { logger });
      try {
        await drive(alone);
        for (const fault of FAULTS) {
          server.fault(fault);
          await drive(alone);
          server.fault(null);
        }
        // A vendor that echoes the deployment's secrets back in its error message and body.
        const known = [CANARY_KEYS[key], CURSOR_SECRET];
        server.override(() => ({
          status: 401,
          body: {
            error: `Invalid API key ${known.join(' ')}`,
            message: `token=${known.map(encodeURIComponent).join('&token=')}`,
            code: 100,
          },
        }));
        await drive(alone);
        server.override(null);
      } finally {
        await alone.close();
      }
    }
    const everything = emitted.join('\n');
    expect(everything.length).toBeGreaterThan(10_000);
    expect(everything).toMatch(/UNAUTHENTICATED/);
    expect(everything).toMatch(/UPSTREAM_TIMEOUT/);
    expect(everything).toMatch(/BAD_CURSOR/);
    for (const secret of SECRETS) {
      const at = everything.indexOf(secret);
      if (at >= 0) originalConsole.error('secret found in output:', JSON.stringify(everything.slice(Math.max(0, at - 300), at + 50)));
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(encodeURIComponent(secret));
    }
  });
});
