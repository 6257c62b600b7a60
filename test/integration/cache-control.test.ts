import { createHash, randomBytes } from 'node:crypto';
import { type DocumentNode, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TTL_SECONDS } from '../../src/providers/vendor-calls.js';
import { ProviderIdsQuery } from '../documents/access-control.js';
import { FirstPostRepliesQuery, IntrospectedQueryTypeQuery, UserIdQuery } from '../documents/cache-control.js';
import { UserPostsQuery } from '../documents/queries.js';
import { UserAndPostSourcesQuery, UserNameQuery, UserPostsBesideProvidersQuery } from '../documents/users.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const fakes = useFakeUpstreams();

interface Sent {
  method?: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
}

/** One request through yoga's fetch; the response's headers are what a CDN in front would see. */
async function send(graph: GraphServer, { method = 'POST', path = '/graphql', headers = {} }: Sent, body?: unknown): Promise<Response> {
  const url = graph.url.replace(/\/graphql$/, path);
  const sent = body === undefined ? {} : { body: JSON.stringify(body) };
  return graph.app.yoga.fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...sent });
}

function ask(
  graph: GraphServer,
  document: DocumentNode | string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return send(graph, { headers }, { query: typeof document === 'string' ? document : print(document), variables });
}

const varied = (response: Response) => (response.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase());

describe('Cache-Control on a server that needs no credential', () => {
  let graph: GraphServer;
  beforeAll(async () => {
    graph = await GraphServer.inProcess(envFor(fakes, ['threads-web', 'aisa']));
  });
  afterAll(async () => graph.close());

  it('lets any cache keep a profile for the profile TTL, not varying on credentials', async () => {
    const response = await ask(graph, UserNameQuery, { platform: 'THREADS', username: 'zuck' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(`public, max-age=${TTL_SECONDS.profile}`);
    expect(varied(response)).not.toContain('authorization');
  });

  it('gives a profile with its posts the smaller of the profile and posts-page TTLs', async () => {
    const response = await ask(graph, UserAndPostSourcesQuery, { platform: 'THREADS', username: 'zuck', first: 3 });
    expect((await response.json()).errors).toBeUndefined();
    expect(response.headers.get('cache-control')).toBe(`public, max-age=${Math.min(TTL_SECONDS.profile, TTL_SECONDS.posts)}`);
  });

  it('gives a query that reads replies the replies TTL', async () => {
    const response = await ask(graph, FirstPostRepliesQuery, { username: 'mosseri' });
    const result = await response.json();
    expect(result.errors).toBeUndefined();
    expect(result.data.user.posts.edges[0].node.replies.edges.length).toBeGreaterThan(0);
    expect(response.headers.get('cache-control')).toBe(`public, max-age=${TTL_SECONDS.replies}`);
  });

  it('makes an answer with the admin-only providers field private, for 5 s, varying on the credential headers', async () => {
    for (const [document, variables] of [
      [ProviderIdsQuery, {}],
      [UserPostsBesideProvidersQuery, { platform: 'THREADS', username: 'zuck' }],
    ] as const) {
      const response = await ask(graph, document, variables);
      expect((await response.json()).errors).toBeUndefined();
      expect(response.headers.get('cache-control')).toBe('private, max-age=5');
      expect(varied(response)).toEqual(expect.arrayContaining(['authorization', 'x-api-key']));
    }
  });

  it("gives a router's entity fetch the shortest age of the entity types", async () => {
    const user = await (await ask(graph, UserIdQuery, { platform: 'THREADS', username: 'zuck' })).json();
    // Raw on purpose: `_entities` is a subgraph field, outside the client schema the typed documents are checked against.
    const entities = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { username } } }`;
    const response = await send(
      graph,
      { path: '/subgraph' },
      { query: entities, variables: { representations: [{ __typename: 'User', id: user.data.user.id }] } },
    );
    expect((await response.json()).data).toEqual({ _entities: [{ username: 'zuck' }] });
    expect(response.headers.get('cache-control')).toBe(`public, max-age=${TTL_SECONDS.replies}`);
  });

  it('gives each operation of one document its own header, the same document sent again', async () => {
    // Raw on purpose: two operations in one document, chosen by operationName.
    const query = `query Profile { user(platform: THREADS, username: "zuck") { username } }
      query Timeline { user(platform: THREADS, username: "zuck") { posts(first: 1) { edges { cursor } } } }`;
    const headerOf = async (operationName: string) => (await send(graph, {}, { query, operationName })).headers.get('cache-control');
    expect(await headerOf('Profile')).toBe(`public, max-age=${TTL_SECONDS.profile}`);
    expect(await headerOf('Timeline')).toBe(`public, max-age=${TTL_SECONDS.posts}`);
    expect(await headerOf('Profile')).toBe(`public, max-age=${TTL_SECONDS.profile}`);
  });

  it('forbids storing an answer that carries an error', async () => {
    const response = await ask(graph, UserNameQuery, { platform: 'THREADS', username: 'zu ck' });
    expect((await response.json()).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('forbids storing introspection and a mutation', async () => {
    const introspection = await ask(graph, IntrospectedQueryTypeQuery);
    expect((await introspection.json()).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect(introspection.headers.get('cache-control')).toBe('no-store');
    // Raw on purpose: the schema has no mutations, so no typed document can name one.
    const mutation = await ask(graph, 'mutation { user }');
    expect(mutation.headers.get('cache-control')).toBe('no-store');
  });

  it('answers a GET persisted query (its hash alone) with the same header as its POST, so a CDN can keep it', async () => {
    const query = print(UserNameQuery);
    const variables = { platform: 'THREADS', username: 'zuck' };
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const byHash = new URLSearchParams({ variables: JSON.stringify(variables), extensions: JSON.stringify({ persistedQuery }) });
    const get = () => send(graph, { method: 'GET', path: `/graphql?${byHash}`, headers: { 'graphql-preflight': '1' } });

    const unknownHash = await get();
    expect(unknownHash.status).toBe(404);
    expect(unknownHash.headers.get('cache-control')).toBe('no-store');
    const registered = await send(graph, {}, { query, variables, extensions: { persistedQuery } });
    expect(registered.headers.get('cache-control')).toBe(`public, max-age=${TTL_SECONDS.profile}`);
    const hashOnly = await get();
    expect((await hashOnly.json()).data).toEqual({ user: { username: 'zuck' } });
    expect(hashOnly.headers.get('cache-control')).toBe(`public, max-age=${TTL_SECONDS.profile}`);
  });

  it('keeps the header on a compressed answer', async () => {
    const response = await ask(graph, UserPostsQuery, { platform: 'THREADS', username: 'zuck', first: 20 }, { 'accept-encoding': 'gzip' });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('cache-control')).toBe(`public, max-age=${TTL_SECONDS.posts}`);
    expect(varied(response)).toContain('accept-encoding');
  });

  it('forbids storing GraphiQL and the health check', async () => {
    const graphiql = await send(graph, { method: 'GET', headers: { accept: 'text/html' } });
    expect(graphiql.headers.get('content-type')).toMatch(/text\/html/);
    expect(graphiql.headers.get('cache-control')).toBe('no-store');
    const health = await send(graph, { method: 'GET', path: '/health' });
    expect(health.headers.get('cache-control')).toBe('no-store');
  });
});

describe('Cache-Control on a server that requires a credential', () => {
  const key = `fg_${randomBytes(24).toString('base64url')}`;
  const stored = `alice:${createHash('sha256').update(key).digest('hex')}`;
  let graph: GraphServer;
  let behindAuthenticatingCache: GraphServer;
  beforeAll(async () => {
    graph = await GraphServer.inProcess(envFor(fakes, ['threads-web'], { API_KEYS: stored }));
    behindAuthenticatingCache = await GraphServer.inProcess(
      envFor(fakes, ['threads-web'], { API_KEYS: stored, SHARED_CACHE_WITH_CREDENTIALS: 'on' }),
    );
  });
  afterAll(async () => {
    await graph.close();
    await behindAuthenticatingCache.close();
  });

  it('keeps answers out of shared caches, varying on the credential headers', async () => {
    const response = await ask(graph, UserNameQuery, { platform: 'THREADS', username: 'zuck' }, { 'x-api-key': key });
    expect((await response.json()).errors).toBeUndefined();
    expect(response.headers.get('cache-control')).toBe(`private, max-age=${TTL_SECONDS.profile}`);
    expect(varied(response)).toEqual(expect.arrayContaining(['authorization', 'x-api-key']));
  });

  it('forbids storing the refusal of a request without a credential', async () => {
    const response = await ask(graph, UserNameQuery, { platform: 'THREADS', username: 'zuck' });
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('lets shared caches keep them with SHARED_CACHE_WITH_CREDENTIALS, still varying on the credential headers', async () => {
    const response = await ask(behindAuthenticatingCache, UserNameQuery, { platform: 'THREADS', username: 'zuck' }, { 'x-api-key': key });
    expect(response.headers.get('cache-control')).toBe(`public, max-age=${TTL_SECONDS.profile}`);
    expect(varied(response)).toEqual(expect.arrayContaining(['authorization', 'x-api-key']));
  });
});
