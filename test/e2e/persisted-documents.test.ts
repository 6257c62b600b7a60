import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import type { DocumentNode } from 'graphql';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { PostsPageQuery, UserProfileQuery } from '../documents/queries.js';
import { envFor, useFakeUpstreams, withGraph, type GraphServer } from '../support/graph-server.js';

/** The manifest `npm run codegen` writes beside the typed documents (codegen.ts: persistedDocuments). */
const MANIFEST = fileURLToPath(new URL('../generated/persisted-documents.json', import.meta.url));

const fakes = useFakeUpstreams();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The id the client preset embeds in each generated document (`documentMode: 'documentNode'` with persisted documents). */
function manifestIdOf(document: DocumentNode): string {
  const hash = (document as DocumentNode & { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string') throw new Error('the generated document carries no __meta__.hash: is persistedDocuments on in codegen.ts?');
  return hash;
}

interface SentRequest {
  method: string;
  query: string | null;
  persistedQuery: { version: number; sha256Hash: string } | null;
  status: number;
}

/** Apollo Client with the given PersistedQueryLink over Node's fetch; `sent` is every HTTP request it made, as it went out. */
function apolloClient(url: string, persistedQueryLink: PersistedQueryLink) {
  const sent: SentRequest[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    const body =
      typeof init?.body === 'string'
        ? (JSON.parse(init.body) as { query?: string; extensions?: { persistedQuery?: SentRequest['persistedQuery'] } })
        : {};
    const extensions =
      body.extensions ?? (JSON.parse(target.searchParams.get('extensions') ?? '{}') as { persistedQuery?: SentRequest['persistedQuery'] });
    const response = await fetch(input, init);
    sent.push({
      method: init?.method ?? 'GET',
      query: body.query ?? target.searchParams.get('query'),
      persistedQuery: extensions.persistedQuery ?? null,
      status: response.status,
    });
    return response;
  };
  // GET needs the preflight header (CSRF prevention); POST carries it harmlessly.
  const http = new HttpLink({ uri: url, fetch: recordingFetch, headers: { 'graphql-preflight': '1' } });
  const client = new ApolloClient({ link: ApolloLink.from([persistedQueryLink, http]), cache: new InMemoryCache() });
  return { client, sent };
}

async function postJson(graph: GraphServer, body: unknown) {
  const answer = await graph.post(JSON.stringify(body), {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json',
  });
  return {
    status: answer.status,
    ...(JSON.parse(answer.text) as {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    }),
  };
}

const zuck = { platform: 'THREADS', username: 'zuck' } as const;

describe("automatic persisted queries with Apollo Client's PersistedQueryLink, unchanged", () => {
  it('registers on the first miss, then sends only the hash of the query it registered', async () => {
    await withGraph(envFor(fakes, ['threads-graph']), async (graph) => {
      const { client, sent } = apolloClient(graph.url, new PersistedQueryLink({ sha256 }));
      const first = await client.query({ query: UserProfileQuery, variables: zuck, fetchPolicy: 'network-only' });
      expect(first.data?.user?.username).toBe('zuck');
      const second = await client.query({
        query: UserProfileQuery,
        variables: { platform: 'THREADS', username: 'mosseri' },
        fetchPolicy: 'network-only',
      });
      expect(second.data?.user?.username).toBe('mosseri');

      const registered = sent[1]!.query!;
      const hash = sha256(registered);
      expect(sent).toEqual([
        { method: 'POST', query: null, persistedQuery: { version: 1, sha256Hash: hash }, status: 404 },
        { method: 'POST', query: registered, persistedQuery: { version: 1, sha256Hash: hash }, status: 200 },
        { method: 'POST', query: null, persistedQuery: { version: 1, sha256Hash: hash }, status: 200 },
      ]);
    });
  });

  it('sends registered queries as GET with the hash alone when the link uses GET for hashed queries', async () => {
    await withGraph(envFor(fakes, ['threads-graph']), async (graph) => {
      const { client, sent } = apolloClient(graph.url, new PersistedQueryLink({ sha256, useGETForHashedQueries: true }));
      const variables = { ...zuck, first: 3 };
      const first = await client.query({ query: PostsPageQuery, variables, fetchPolicy: 'network-only' });
      const again = await client.query({ query: PostsPageQuery, variables, fetchPolicy: 'network-only' });
      expect(again.data?.user?.posts?.edges.map((edge) => edge.node.nativeId)).toEqual(
        first.data?.user?.posts?.edges.map((edge) => edge.node.nativeId),
      );
      expect(again.data?.user?.posts?.edges).toHaveLength(3);

      const hash = sha256(sent[1]!.query!);
      expect(
        sent.map(({ method, query, persistedQuery, status }) => ({
          method,
          hasQuery: query !== null,
          hash: persistedQuery?.sha256Hash,
          status,
        })),
      ).toEqual([
        { method: 'GET', hasQuery: false, hash, status: 404 },
        // The link sends the full query as POST: it may be long.
        { method: 'POST', hasQuery: true, hash, status: 200 },
        { method: 'GET', hasQuery: false, hash, status: 200 },
      ]);
    });
  });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, the answer the link retries on', async () => {
    await withGraph(envFor(fakes, ['threads-graph']), async (graph) => {
      const answer = await postJson(graph, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ never { sent } }') } } });
      expect(answer.status).toBe(404);
      expect(answer.errors).toEqual([
        expect.objectContaining({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }),
      ]);
    });
  });

  it('refuses to register a query under a hash that is not its own', async () => {
    await withGraph(envFor(fakes, ['threads-graph']), async (graph) => {
      const query = '{ providers { id } }';
      const answer = await postJson(graph, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ other }') } } });
      expect(answer.status).toBe(400);
      expect(answer.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_MISMATCH');
      const lookup = await postJson(graph, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ other }') } } });
      expect(lookup.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });
  });

  it('answers a query that is not text with a 400, not an unexpected error', async () => {
    await withGraph(envFor(fakes, ['threads-graph']), async (graph) => {
      const answer = await postJson(graph, { query: 5, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('5') } } });
      expect(answer).toMatchObject({
        status: 400,
        errors: [{ message: 'Expected "query" param to be a string, but given number.', extensions: { code: 'BAD_REQUEST' } }],
      });
    });
  });
});

describe('trusted documents from the codegen manifest, with PERSISTED_DOCUMENTS_ONLY=true', () => {
  const trustedOnly = () => envFor(fakes, ['threads-graph'], { PERSISTED_DOCUMENTS: MANIFEST, PERSISTED_DOCUMENTS_ONLY: 'true' });

  it('answers a manifest document by the documentId the generated document carries', async () => {
    await withGraph(trustedOnly(), async (graph) => {
      const answer = await postJson(graph, { documentId: manifestIdOf(UserProfileQuery), variables: zuck });
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toMatchObject({ user: { username: 'zuck', followerCount: 5_123_456_789 } });
    });
  });

  it('answers a documentId sent as GET', async () => {
    await withGraph(trustedOnly(), async (graph) => {
      const url = new URL(graph.url);
      url.searchParams.set('documentId', manifestIdOf(UserProfileQuery));
      url.searchParams.set('variables', JSON.stringify(zuck));
      const response = await request(url, { headers: { 'graphql-preflight': '1', accept: 'application/graphql-response+json' } });
      const answer = (await response.body.json()) as { data?: { user?: { username?: string } } };
      expect(response.statusCode).toBe(200);
      expect(answer.data?.user?.username).toBe('zuck');
    });
  });

  it("serves Apollo's link when it hashes with the manifest id: one request, the hash alone", async () => {
    await withGraph(trustedOnly(), async (graph) => {
      const link = new PersistedQueryLink({ generateHash: (document) => manifestIdOf(document).replace(/^sha256:/, '') });
      const { client, sent } = apolloClient(graph.url, link);
      const result = await client.query({ query: UserProfileQuery, variables: zuck, fetchPolicy: 'no-cache' });
      expect(result.data?.user?.username).toBe('zuck');
      expect(sent).toEqual([
        {
          method: 'POST',
          query: null,
          persistedQuery: { version: 1, sha256Hash: manifestIdOf(UserProfileQuery).replace(/^sha256:/, '') },
          status: 200,
        },
      ]);
    });
  });

  it('refuses an arbitrary query with a clear error before any vendor call', async () => {
    await withGraph(trustedOnly(), async (graph) => {
      const vendorCallsBefore = fakes.servers['threads-graph'].requests.length;
      // Raw on purpose: a document that is not in the manifest.
      const answer = await postJson(graph, { query: '{ user(platform: THREADS, username: "zuck") { id } }' });
      expect(answer.status).toBe(400);
      expect(answer.data).toBeUndefined();
      expect(answer.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/only its persisted documents.*documentId/),
          extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' },
        }),
      ]);
      expect(fakes.servers['threads-graph'].requests.length).toBe(vendorCallsBefore);
    });
  });

  it("registers nothing: Apollo's retry with the query is refused and the hash stays unknown", async () => {
    await withGraph(trustedOnly(), async (graph) => {
      const { client, sent } = apolloClient(graph.url, new PersistedQueryLink({ sha256 }));
      await expect(client.query({ query: UserProfileQuery, variables: zuck, fetchPolicy: 'no-cache' })).rejects.toThrow(
        /No persisted document has the id/,
      );
      // Not PERSISTED_QUERY_NOT_FOUND, so the link does not resend the query.
      expect(sent).toEqual([expect.objectContaining({ query: null, status: 400 })]);

      const hash = sent[0]!.persistedQuery!.sha256Hash;
      const query = '{ providers { id } }';
      const registration = await postJson(graph, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(registration.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
      const lookup = await postJson(graph, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(lookup).toMatchObject({
        status: 400,
        errors: [{ message: `No persisted document has the id "${sha256(query)}".`, extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } }],
      });
      expect(hash).not.toBe(sha256(query));
    });
  });

  it('asks for a document id when a request has neither query nor id', async () => {
    await withGraph(trustedOnly(), async (graph) => {
      const answer = await postJson(graph, { variables: zuck });
      expect(answer).toMatchObject({ status: 400, errors: [{ extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' } }] });
    });
  });
});

describe('trusted documents beside automatic persisted queries (PERSISTED_DOCUMENTS without _ONLY)', () => {
  it('serves manifest ids, arbitrary queries and registrations alike', async () => {
    await withGraph(envFor(fakes, ['threads-graph'], { PERSISTED_DOCUMENTS: MANIFEST }), async (graph) => {
      const byId = await postJson(graph, { documentId: manifestIdOf(UserProfileQuery), variables: zuck });
      expect(byId.data).toMatchObject({ user: { username: 'zuck' } });
      const byManifestHash = await postJson(graph, {
        extensions: { persistedQuery: { version: 1, sha256Hash: manifestIdOf(UserProfileQuery).replace(/^sha256:/, '') } },
        variables: zuck,
      });
      expect(byManifestHash.data).toMatchObject({ user: { username: 'zuck' } });
      // Raw on purpose: a document that is not in the manifest.
      const arbitrary = await postJson(graph, { query: '{ user(platform: THREADS, username: "zuck") { username } }' });
      expect(arbitrary.data).toEqual({ user: { username: 'zuck' } });

      const { client, sent } = apolloClient(graph.url, new PersistedQueryLink({ sha256 }));
      await client.query({ query: UserProfileQuery, variables: zuck, fetchPolicy: 'network-only' });
      await client.query({ query: UserProfileQuery, variables: zuck, fetchPolicy: 'network-only' });
      expect(sent.map(({ query, status }) => ({ hasQuery: query !== null, status }))).toEqual([
        { hasQuery: false, status: 404 },
        { hasQuery: true, status: 200 },
        { hasQuery: false, status: 200 },
      ]);
    });
  });

  it('answers an unknown documentId with PERSISTED_QUERY_NOT_IN_LIST', async () => {
    await withGraph(envFor(fakes, ['threads-graph'], { PERSISTED_DOCUMENTS: MANIFEST }), async (graph) => {
      const answer = await postJson(graph, { documentId: `sha256:${sha256('{ unknown }')}` });
      expect(answer).toMatchObject({ status: 400, errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } }] });
    });
  });
});
