import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CursorCodec } from '../../src/cursor.js';
import { createJsonLogger } from '../../src/logger.js';
import type { Provider } from '../../src/providers/provider.js';
import type { ProviderRegistry } from '../../src/providers/registry.js';
import { createFeedgraphYoga } from '../../src/yoga.js';
import { UserNameQuery, UserPostIdsQuery } from '../documents/users.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';
import { startServerProcess } from '../support/server-process.js';

const fakes = useFakeUpstreams();
let graph: GraphServer;
const lines: Record<string, unknown>[] = [];
const origin = () => graph.url.replace(/\/graphql$/, '');

beforeAll(async () => {
  graph = await GraphServer.start(envFor(fakes, ['aisa', 'threads-graph'], { UPSTREAM_CACHE: 'on' }), {
    logger: createJsonLogger('info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
  });
});

afterAll(async () => {
  await graph.close();
});

describe('health and readiness', () => {
  it('answers /health while the process lives and /ready while it can serve', async () => {
    expect((await fetch(`${origin()}/health`)).status).toBe(200);
    expect((await fetch(`${origin()}/ready`)).status).toBe(200);
  });

  it('reports not ready once a shutdown begins, while /health still answers', async () => {
    const draining = await GraphServer.start(envFor(fakes, ['aisa']));
    try {
      draining.app.beginShutdown();
      const base = draining.url.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/ready`)).status).toBe(503);
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      await draining.close();
    }
  });
});

describe('Prometheus metrics', () => {
  it('count GraphQL operations and, per provider and operation, vendor calls, their latency, error codes and cache hits', async () => {
    await graph.query(UserPostIdsQuery, { platform: 'INSTAGRAM', username: 'yifei_cc', first: 2 });
    await graph.query(UserNameQuery, { platform: 'INSTAGRAM', username: 'yifei_cc' });
    await graph.query(UserNameQuery, { platform: 'THREADS', username: 'nobody.at.all' });
    const text = await (await fetch(`${origin()}/metrics`)).text();
    expect(text).toMatch(/feedgraph_upstream_calls_total\{provider="aisa",operation="userPosts",outcome="ok"\} 1/);
    expect(text).toMatch(/feedgraph_upstream_calls_total\{provider="threads-graph",operation="profileLookup",outcome="NOT_FOUND"\} 1/);
    expect(text).toMatch(/feedgraph_upstream_cache_total\{provider="aisa",operation="userPosts",tier="local",result="hit"\} \d+/);
    expect(text).toMatch(/feedgraph_upstream_duration_seconds_bucket\{le="0.5",provider="aisa",operation="userPosts"\} 1/);
    await fetch(`${graph.url}?query=${encodeURIComponent('query Named { providers { id } }')}`, {
      headers: { accept: 'application/json', 'graphql-preflight': '1' },
    });
    const after = await (await fetch(`${origin()}/metrics`)).text();
    const named = after
      .split('\n')
      .find((line) => line.startsWith('graphql_yoga_http_duration_count') && line.includes('operationName="Named"'));
    expect(named).toMatch(/method="GET"/);
    expect(named).toMatch(/statusCode="200"/);
    expect(named).toMatch(/operationType="query"/);
    expect(named).toMatch(/\} 1$/);
    expect(after).not.toMatch(/graphql_yoga_http_duration[^\n]*url=/);
    // Only the metrics chosen in src/yoga.ts: the plugin's other defaults each cost time on every request.
    expect(text).not.toMatch(/graphql_envelop_(phase_|deprecated_field|request_time_summary|schema_change|request_duration|request[\s{])/);
  });
});

describe('structured logs', () => {
  it('write one JSON line per request with its id, echoed on the response', async () => {
    const response = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-4711' },
      body: JSON.stringify({ query: '{ providers { id } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-4711');
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'info', msg: 'request', requestId: 'trace-4711', method: 'POST', path: '/graphql', status: 200 }),
    );
    const generated = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'not ok!' },
      body: JSON.stringify({ query: '{ providers { id } }' }),
    });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('unexpected errors', () => {
  it('are masked for the client and logged once, with the id of the request that met them', async () => {
    const logged: Record<string, unknown>[] = [];
    // A provider with a bug: it throws a plain error, not a typed ProviderError.
    const buggy: Provider = {
      id: 'threads-graph',
      platform: 'THREADS',
      keysUsersBy: 'username',
      capabilities: new Set(['userByUsername']),
      userByUsername: () => {
        throw new TypeError('internal detail: https://vendor.example/v1?key=not-for-clients');
      },
    };
    const registry: ProviderRegistry = {
      all: [buggy],
      byId: () => buggy,
      forPlatform: (platform) => (platform === 'THREADS' ? [buggy] : []),
      cacheScopeOf: (provider) => provider,
      healthOf: () => undefined,
    };
    const yoga = createFeedgraphYoga({
      registry,
      cursors: CursorCodec.withRandomSecret(),
      cache: null,
      graphiql: false,
      introspection: false,
      production: true,
      logger: createJsonLogger('info', (line) => logged.push(JSON.parse(line) as Record<string, unknown>)),
    });
    const response = await yoga.fetch('http://feedgraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-masked-1' },
      body: JSON.stringify({ query: '{ user(platform: THREADS, username: "zuck") { username } }' }),
    });
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      data: { user: null },
      errors: [expect.objectContaining({ message: 'Unexpected error.', path: ['user'], extensions: { code: 'INTERNAL_SERVER_ERROR' } })],
      extensions: { cost: expect.any(Object) },
    });
    expect(text).not.toContain('vendor.example');
    const errorLines = logged.filter((line) => line.level === 'error');
    expect(errorLines).toEqual([
      expect.objectContaining({
        requestId: 'trace-masked-1',
        error: { name: 'TypeError', path: 'user', message: expect.stringContaining('internal detail') },
      }),
    ]);
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'request', requestId: 'trace-masked-1', status: 200 }));
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM stops being ready, finishes the request in flight, and exits 0', async () => {
    const { child, url, output } = await startServerProcess({ DEMO_UPSTREAM_LATENCY_MS: '700' });
    const inFlight = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ user(platform: INSTAGRAM, username: "yifei_cc") { username } }' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { user: { username: 'yifei_cc' } }, extensions: { cost: expect.any(Object) } });
    expect(await exited).toBe(0);
    expect(output()).toMatch(/SIGTERM: finishing in-flight requests/);
    await expect(fetch(url)).rejects.toThrow();
  });
});
