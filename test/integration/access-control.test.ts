import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocumentNode, print } from 'graphql';
import {
  ProviderIdsQuery,
  ProvidersConfiguredBesideZuckQuery,
  ZuckBesideProviderCircuitsQuery,
  ZuckFortyPostsQuery,
  ZuckUsernameQuery,
} from '../documents/access-control.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const fakes = useFakeUpstreams();

const newKey = () => `fg_${randomBytes(24).toString('base64url')}`;
const stored = (name: string, key: string) => `${name}:${createHash('sha256').update(key).digest('hex')}`;
const aliceKey = newKey();
const bobKey = newKey();
const adminKey = newKey();
const USER_QUERY = ZuckUsernameQuery;
const upstreamCalls = () => Object.values(fakes.servers).reduce((total, server) => total + server.requestCount, 0);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/** A POST of `query` with `headers` over real HTTP, body read as it arrived (undici does not decompress). */
async function ask(graph: GraphServer, document: DocumentNode | string, headers: Record<string, string> = {}): Promise<Answer> {
  const query = typeof document === 'string' ? document : print(document);
  const response = await request(graph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const bytes = Buffer.from(await response.body.arrayBuffer());
  const encoding = response.headers['content-encoding'];
  const text = (encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');
  return { status: response.statusCode, headers: response.headers, text, json: text ? (JSON.parse(text) as Answer['json']) : {} };
}

async function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const response = await request(url, { headers });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

const sameLengthWrongKey = (key: string) => `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
const siblingUrl = (graph: GraphServer, path: string) => graph.url.replace(/\/graphql$/, path);

describe('client API keys', () => {
  let graph: GraphServer;
  beforeAll(async () => {
    graph = await GraphServer.start(
      envFor(fakes, ['threads-graph'], {
        API_KEYS: `${stored('alice', aliceKey)},${stored('bob', bobKey)}`,
        ADMIN_API_KEYS: stored('ops', adminKey),
      }),
    );
  });
  afterAll(async () => graph.close());

  it('refuses a request without a key with 401, UNAUTHENTICATED and WWW-Authenticate, before any vendor call', async () => {
    const before = upstreamCalls();
    const answer = await ask(graph, USER_QUERY);
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="feedgraph"');
    expect(answer.json).toEqual({
      errors: [{ message: expect.stringMatching(/x-api-key.*Authorization: Bearer/), extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(upstreamCalls()).toBe(before);
  });

  it('refuses before parsing: a malformed body without a key is a 401, not a 400', async () => {
    const response = await request(graph.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.statusCode).toBe(401);
    await response.body.dump();
  });

  it('answers a valid key sent as x-api-key or as Authorization: Bearer', async () => {
    const ways: Array<Record<string, string>> = [{ 'x-api-key': aliceKey }, { authorization: `Bearer ${bobKey}` }];
    for (const headers of ways) {
      const answer = await ask(graph, USER_QUERY, headers);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ data: { user: { username: 'zuck' } }, extensions: { cost: expect.any(Object) } });
    }
  });

  it('refuses a wrong key of the same length, and a key sent in another scheme, as invalid before any vendor call', async () => {
    const before = upstreamCalls();
    const wrong = await ask(graph, USER_QUERY, { 'x-api-key': sameLengthWrongKey(aliceKey) });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="feedgraph", error="invalid_token"');
    expect(wrong.json.errors).toEqual([{ message: 'The API key is not valid.', extensions: { code: 'UNAUTHENTICATED' } }]);
    const basic = await ask(graph, USER_QUERY, { authorization: `Basic ${Buffer.from(`alice:${aliceKey}`).toString('base64')}` });
    expect(basic.status).toBe(401);
    expect(upstreamCalls()).toBe(before);
  });

  it('keeps /health and /ready open', async () => {
    expect((await get(siblingUrl(graph, '/health'))).status).toBe(200);
    expect((await get(siblingUrl(graph, '/ready'))).status).toBe(200);
  });

  it('never echoes a presented key', async () => {
    const answer = await ask(graph, USER_QUERY, { 'x-api-key': sameLengthWrongKey(aliceKey) });
    expect(answer.text).not.toContain(aliceKey.slice(0, 12));
  });
});

describe('the admin surface', () => {
  let graph: GraphServer;
  beforeAll(async () => {
    graph = await GraphServer.start(
      envFor(fakes, ['threads-graph'], { API_KEYS: stored('alice', aliceKey), ADMIN_API_KEYS: stored('ops', adminKey) }),
    );
  });
  afterAll(async () => graph.close());

  it('serves /metrics only with an admin key: 401 without a key, 403 with a client key', async () => {
    const metrics = siblingUrl(graph, '/metrics');
    const anonymous = await get(metrics);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="feedgraph"');
    const client = await get(metrics, { 'x-api-key': aliceKey });
    expect(client.status).toBe(403);
    expect(JSON.parse(client.text)).toEqual({
      errors: [{ message: expect.stringMatching(/ADMIN_API_KEYS/), extensions: { code: 'FORBIDDEN' } }],
    });
    const admin = await get(metrics, { authorization: `Bearer ${adminKey}` });
    expect(admin.status).toBe(200);
    expect(admin.text).toMatch(/^# HELP/m);
  });

  it('refuses an operation selecting providers, through a fragment too, before any of its fields calls a vendor', async () => {
    const before = upstreamCalls();
    const direct = await ask(graph, ZuckBesideProviderCircuitsQuery, { 'x-api-key': aliceKey });
    expect(direct.status).toBe(403);
    expect(direct.json).toEqual({
      errors: [{ message: expect.stringMatching(/Query\.providers needs an admin key/), extensions: { code: 'FORBIDDEN' } }],
    });
    // Raw on purpose: providers hidden behind a fragment, the shape an access check must see through.
    const hidden = await ask(graph, `query { ...Status } fragment Status on Query { ... on Query { status: providers { id } } }`, {
      'x-api-key': aliceKey,
    });
    expect(hidden.json.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(upstreamCalls()).toBe(before);
  });

  it('answers providers for an admin key, which is also a client key', async () => {
    const answer = await ask(graph, ProvidersConfiguredBesideZuckQuery, { 'x-api-key': adminKey });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toMatchObject({
      providers: expect.arrayContaining([{ id: 'threads-graph', configured: true }]),
      user: { username: 'zuck' },
    });
  });
});

describe('production defaults', () => {
  let graph: GraphServer;
  beforeAll(async () => {
    graph = await GraphServer.start(envFor(fakes, ['threads-graph'], { NODE_ENV: 'production', API_KEYS: stored('alice', aliceKey) }));
  });
  afterAll(async () => graph.close());

  it('refuses to start without client credentials unless AUTH=off says so', async () => {
    await expect(GraphServer.start(envFor(fakes, ['threads-graph'], { NODE_ENV: 'production' }))).rejects.toThrow(
      /API_KEYS: NODE_ENV=production needs client credentials .* or AUTH=off/,
    );
    const opened = await GraphServer.start(envFor(fakes, ['threads-graph'], { NODE_ENV: 'production', AUTH: 'off' }));
    try {
      expect((await ask(opened, USER_QUERY)).json).toEqual({
        data: { user: { username: 'zuck' } },
        extensions: { cost: expect.any(Object) },
      });
    } finally {
      await opened.close();
    }
  });

  it('closes /metrics and providers when no ADMIN_API_KEYS are set', async () => {
    expect((await get(siblingUrl(graph, '/metrics'), { 'x-api-key': aliceKey })).status).toBe(403);
    expect((await ask(graph, ProviderIdsQuery, { 'x-api-key': aliceKey })).json.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('serves only the client-facing schema on /graphql, and the subgraph schema on /subgraph when SUBGRAPH=on, behind the same key', async () => {
    // Raw on purpose: _service and _entities are in the subgraph schema only, which codegen does not type.
    const federationQueries = ['{ _service { sdl } }', '{ _entities(representations: [{ __typename: "User", id: "x" }]) { __typename } }'];
    const subgraph = await GraphServer.start(
      envFor(fakes, ['threads-graph'], { NODE_ENV: 'production', API_KEYS: stored('gateway', aliceKey), SUBGRAPH: 'on' }),
    );
    try {
      for (const server of [graph, subgraph]) {
        for (const query of federationQueries) {
          const answer = await ask(server, query, { 'x-api-key': aliceKey, accept: 'application/graphql-response+json' });
          expect(answer.status).toBe(400);
          expect(answer.json.errors?.[0]?.message).toMatch(/Cannot query field "_(service|entities)" on type "Query"/);
        }
      }
      expect((await ask(graph.at('/subgraph'), '{ _service { sdl } }', { 'x-api-key': aliceKey })).status).toBe(404);
      const served = await ask(subgraph.at('/subgraph'), '{ _service { sdl } }', { 'x-api-key': aliceKey });
      expect(served.json.data).toEqual({ _service: { sdl: expect.stringContaining('type Post') } });
      const slashed = await ask(subgraph.at('/subgraph/?from=test'), '{ _service { sdl } }', { 'x-api-key': aliceKey });
      expect(slashed.json.data).toEqual(served.json.data);
      expect((await ask(subgraph.at('/subgraph'), '{ _service { sdl } }')).status).toBe(401);
    } finally {
      await subgraph.close();
    }
  });

  it('sends no CORS headers to any origin unless CORS_ORIGINS names it', async () => {
    const answer = await ask(graph, USER_QUERY, { 'x-api-key': aliceKey, origin: 'https://app.example.com' });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('CORS', () => {
  const allowed = ['https://app.example.com', 'http://localhost:5173'];
  let graph: GraphServer;
  let demo: GraphServer;
  beforeAll(async () => {
    graph = await GraphServer.start(
      envFor(fakes, ['threads-graph'], { API_KEYS: stored('alice', aliceKey), CORS_ORIGINS: allowed.join(',') }),
    );
    demo = await GraphServer.start({});
  });
  afterAll(async () => {
    await graph.close();
    await demo.close();
  });

  const preflight = async (target: GraphServer, origin: string) => {
    const response = await request(target.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-api-key' },
    });
    await response.body.dump();
    return response;
  };

  it.each(allowed)('answers the preflight of %s with exactly that origin, the headers asked for, and no credentials', async (origin) => {
    const response = await preflight(graph, origin);
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(origin);
    expect(response.headers['access-control-allow-headers']).toBe('content-type, x-api-key');
    expect(response.headers['access-control-allow-methods']).toBe('GET, POST');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('gives a foreign origin no allow-origin header, on the preflight and on the request', async () => {
    const response = await preflight(graph, 'https://evil.example');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const answer = await ask(graph, USER_QUERY, { 'x-api-key': aliceKey, origin: 'https://evil.example' });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers.vary).toMatch(/Origin/);
  });

  it('allows an allowed origin on the request itself, the 401 included, and exposes the request id and Retry-After', async () => {
    const answer = await ask(graph, USER_QUERY, { 'x-api-key': aliceKey, origin: allowed[0]! });
    expect(answer.headers['access-control-allow-origin']).toBe(allowed[0]);
    expect(answer.headers['access-control-expose-headers']).toBe('x-request-id, retry-after');
    const refused = await ask(graph, USER_QUERY, { origin: allowed[0]! });
    expect(refused.status).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(allowed[0]);
  });

  it('in the demo reflects any origin, but never with credentials', async () => {
    const answer = await ask(demo, ProviderIdsQuery, { origin: 'https://anywhere.example' });
    expect(answer.headers['access-control-allow-origin']).toBe('https://anywhere.example');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('rate limits', () => {
  let graph: GraphServer;
  let anonymous: GraphServer;
  beforeAll(async () => {
    // A bucket of 2 requests, refilled every 2 s.
    const limit = { RATE_LIMIT_PER_MINUTE: '60', RATE_LIMIT_BURST: '2' };
    graph = await GraphServer.start(
      envFor(fakes, ['threads-graph'], { API_KEYS: `${stored('alice', aliceKey)},${stored('bob', bobKey)}`, ...limit }),
    );
    anonymous = await GraphServer.start(envFor(fakes, ['threads-graph'], { TRUSTED_PROXY_HOPS: '1', ...limit }));
  });
  afterAll(async () => {
    await graph.close();
    await anonymous.close();
  });

  it('answers 429 with Retry-After and RATE_LIMITED past the burst, per key, without a vendor call, then recovers', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) expect((await ask(graph, USER_QUERY, { 'x-api-key': aliceKey })).status).toBe(200);
    const before = upstreamCalls();
    const limited = await ask(graph, USER_QUERY, { 'x-api-key': aliceKey });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(limited.json).toEqual({
      errors: [
        {
          message: `Too many requests: try again in ${retryAfter} s.`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
        },
      ],
    });
    expect(upstreamCalls()).toBe(before);
    // Another client's allowance is its own.
    expect((await ask(graph, USER_QUERY, { 'x-api-key': bobKey })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1_000));
    expect((await ask(graph, USER_QUERY, { 'x-api-key': aliceKey })).json).toEqual({
      data: { user: { username: 'zuck' } },
      extensions: { cost: expect.any(Object) },
    });
  });

  it('limits requests without a key by address, read from X-Forwarded-For behind a trusted proxy', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': `203.0.113.99, ${address}` });
    expect((await ask(anonymous, USER_QUERY, from('198.51.100.1'))).status).toBe(200);
    expect((await ask(anonymous, USER_QUERY, from('198.51.100.1'))).status).toBe(200);
    expect((await ask(anonymous, USER_QUERY, from('198.51.100.1'))).status).toBe(429);
    // The entry the client wrote itself (the first) is not trusted; the proxy's (the last) is.
    expect((await ask(anonymous, USER_QUERY, from('198.51.100.2'))).status).toBe(200);
  });

  it('leaves /health outside the limit', async () => {
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await get(siblingUrl(graph, '/health'))).status).toBe(200);
  });
});

describe('response compression', () => {
  let graph: GraphServer;
  beforeAll(async () => {
    graph = await GraphServer.start(envFor(fakes, ['threads-graph']));
  });
  afterAll(async () => graph.close());

  const PAGE = ZuckFortyPostsQuery;

  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
  ])('answers accept-encoding %j with %s, the same JSON, several times smaller', async (accepted, expected) => {
    const plain = await ask(graph, PAGE);
    const response = await request(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': accepted },
      body: JSON.stringify({ query: print(PAGE) }),
    });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    expect(response.headers['content-encoding']).toBe(expected);
    expect(response.headers.vary).toMatch(/Accept-Encoding/);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(response.headers['content-length'])).toBe(bytes.byteLength);
    const decoded = (expected === 'br' ? brotliDecompressSync(bytes) : gunzipSync(bytes)).toString('utf8');
    // The same data; extensions.cost is each request's own (quota left goes down).
    expect(JSON.parse(decoded).data).toEqual(plain.json.data);
    expect(bytes.byteLength * 3).toBeLessThan(Buffer.byteLength(plain.text));
  });

  it('sends plain JSON when the client accepts no compression or the answer is small', async () => {
    const plain = await ask(graph, PAGE);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const small = await ask(graph, USER_QUERY, { 'accept-encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json).toEqual({ data: { user: { username: 'zuck' } }, extensions: { cost: expect.any(Object) } });
    const refused = await ask(graph, PAGE, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });
});

describe('JWT verification', () => {
  const secret = randomBytes(32).toString('hex');
  const claims = { issuer: 'https://issuer.example', audience: 'feedgraph' };
  const signed = (key: Uint8Array, overrides: { audience?: string; expiresAt?: number; subject?: string } = {}) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(claims.issuer)
      .setAudience(overrides.audience ?? claims.audience)
      .setSubject(overrides.subject ?? 'app-1')
      .setIssuedAt()
      .setExpirationTime(overrides.expiresAt ?? '5m')
      .sign(key);
  let graph: GraphServer;
  beforeAll(async () => {
    graph = await GraphServer.start(
      envFor(fakes, ['threads-graph'], {
        JWT_SECRET: secret,
        JWT_ISSUER: claims.issuer,
        JWT_AUDIENCE: claims.audience,
        API_KEYS: stored('alice', aliceKey),
      }),
    );
  });
  afterAll(async () => graph.close());

  it('answers a token signed with the shared secret, for the configured issuer and audience; API keys still work', async () => {
    const token = await signed(new TextEncoder().encode(secret));
    expect((await ask(graph, USER_QUERY, { authorization: `Bearer ${token}` })).json).toEqual({
      data: { user: { username: 'zuck' } },
      extensions: { cost: expect.any(Object) },
    });
    expect((await ask(graph, USER_QUERY, { 'x-api-key': aliceKey })).status).toBe(200);
  });

  it('refuses a token for another audience, an expired one, and one signed with another secret, saying why, before any vendor call', async () => {
    const before = upstreamCalls();
    const key = new TextEncoder().encode(secret);
    const cases: Array<[string, RegExp]> = [
      [await signed(key, { audience: 'someone-else' }), /unexpected "aud" claim value/],
      [await signed(key, { expiresAt: Math.floor(Date.now() / 1000) - 60 }), /"exp" claim timestamp check failed/],
      [await signed(randomBytes(32)), /signature verification failed/],
    ];
    for (const [token, reason] of cases) {
      const answer = await ask(graph, USER_QUERY, { authorization: `Bearer ${token}` });
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="feedgraph", error="invalid_token"');
      expect(answer.json.errors?.[0]).toEqual({ message: expect.stringMatching(reason), extensions: { code: 'UNAUTHENTICATED' } });
    }
    expect(upstreamCalls()).toBe(before);
  });

  it('verifies tokens against a JWKS URL, answering 503 while the key set cannot be fetched', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
    let available = false;
    const keySetServer: Server = createServer((_incoming, outgoing) => {
      outgoing.writeHead(available ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => keySetServer.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(keySetServer.address() as AddressInfo).port}/.well-known/jwks.json`;
    const withJwks = await GraphServer.start(
      envFor(fakes, ['threads-graph'], { JWT_JWKS_URL: jwksUrl, JWT_ISSUER: claims.issuer, JWT_AUDIENCE: claims.audience }),
    );
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'key-1' })
      .setIssuer(claims.issuer)
      .setAudience(claims.audience)
      .setSubject('app-2')
      .setExpirationTime('5m')
      .sign(privateKey);
    try {
      const unavailable = await ask(withJwks, USER_QUERY, { authorization: `Bearer ${token}` });
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers['retry-after']).toBe('5');
      expect(unavailable.json.errors?.[0]?.extensions?.code).toBe('AUTHENTICATION_UNAVAILABLE');
      available = true;
      expect((await ask(withJwks, USER_QUERY, { authorization: `Bearer ${token}` })).json).toEqual({
        data: { user: { username: 'zuck' } },
        extensions: { cost: expect.any(Object) },
      });
    } finally {
      await withJwks.close();
      await new Promise((resolve) => keySetServer.close(resolve));
    }
  });
});
