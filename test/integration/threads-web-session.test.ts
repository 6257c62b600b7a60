import { afterEach, describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import type { RecordedRequest } from '../../src/demo/fake-server.js';
import { ProviderCircuitsQuery } from '../documents/users.js';
import { envFor, useFakeUpstreams, withYoga, type GraphServer } from '../support/graph-server.js';

interface PostsAnswer {
  data?: Record<string, { nativeId: string; text: string; source: string } | null> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

const fakes = useFakeUpstreams();
const web = () => fakes.servers['threads-web'];
const posts = threadsWorld()
  .accounts.flatMap((account) => account.posts)
  .slice(0, 10);
// Breaker threshold 1 and two retries: a stale session that counted as an outage or a transient failure would show.
const anonymousWeb = () => envFor(fakes, ['threads-web-public'], { UPSTREAM_RETRIES: '2', CIRCUIT_BREAKER_FAILURES: '1' });

const refusal = {
  status: 200,
  body: `for (;;);${JSON.stringify({ __ar: 1, error: 1357004, errorSummary: 'Sorry, something went wrong', payload: null })}`,
  contentType: 'text/javascript; charset=utf-8',
};
const homePageGets = (requests: RecordedRequest[]) => requests.filter((request) => request.method === 'GET' && request.path === '/');
const graphqlPosts = (requests: RecordedRequest[]) =>
  requests.filter((request) => request.method === 'POST' && request.path === '/api/graphql');

// Raw on purpose: one aliased post field per wanted post, so a single request asks for all of them at once.
async function readPosts(graph: GraphServer, wanted: typeof posts): Promise<PostsAnswer> {
  const fields = wanted.map((post, index) => `p${index}: post(platform: THREADS, id: "${post.id}") { nativeId text source }`);
  return (await graph.query(`{ ${fields.join(' ')} }`)) as PostsAnswer;
}

async function webCircuit(graph: GraphServer): Promise<string | null> {
  const answer = await graph.query(ProviderCircuitsQuery);
  return answer.data?.providers.find((provider) => provider.id === 'threads-web')?.circuit ?? null;
}

afterEach(() => {
  web().override(null);
  web().setLsdUses(null);
});

describe('the anonymous Threads web session', () => {
  it('renews an expired lsd once for ten concurrent reads: one home page fetch, each read refused once and retried once', async () => {
    await withYoga(anonymousWeb(), async (graph) => {
      expect((await readPosts(graph, posts.slice(0, 1))).errors).toBeUndefined();
      web().expireLsd();
      web().resetStats();

      const answer = await readPosts(graph, posts);

      expect(answer.errors).toBeUndefined();
      expect(Object.values(answer.data ?? {})).toEqual(
        posts.map((post) => ({ nativeId: post.id, text: post.text, source: 'threads-web' })),
      );
      const requests = web().requests;
      expect(homePageGets(requests)).toHaveLength(1);
      const sent = graphqlPosts(requests);
      expect(sent).toHaveLength(20);
      const tokens = new Map<string, number>();
      for (const request of sent) tokens.set(request.form.lsd ?? '', (tokens.get(request.form.lsd ?? '') ?? 0) + 1);
      expect([...tokens.values()]).toEqual([10, 10]);
      expect(await webCircuit(graph)).toBe('CLOSED');
    });
  });

  it('renews the session when the refusal arrives as HTTP 200, which is not JSON behind its for (;;); prefix', async () => {
    await withYoga(anonymousWeb(), async (graph) => {
      expect((await readPosts(graph, posts.slice(0, 1))).errors).toBeUndefined();
      web().override(() => {
        web().override(null);
        return refusal;
      });
      web().resetStats();

      const answer = await readPosts(graph, posts.slice(1, 2));

      expect(answer.errors).toBeUndefined();
      expect(answer.data?.p0?.nativeId).toBe(posts[1]?.id);
      expect(homePageGets(web().requests)).toHaveLength(1);
      expect(graphqlPosts(web().requests)).toHaveLength(2);
    });
  });

  it('answers UPSTREAM_UNAVAILABLE, not BAD_USER_INPUT, when the web refuses the renewed session too, after one renewal and no blind retries', async () => {
    await withYoga(anonymousWeb(), async (graph) => {
      expect((await readPosts(graph, posts.slice(0, 1))).errors).toBeUndefined();
      web().setLsdUses(0);
      web().resetStats();

      const answer = await readPosts(graph, posts.slice(0, 1));

      expect(answer.data?.p0 ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'threads-web' });
      expect(answer.errors?.[0]?.message).toMatch(/refused/);
      expect(homePageGets(web().requests)).toHaveLength(1);
      expect(graphqlPosts(web().requests)).toHaveLength(2);
      expect(await webCircuit(graph)).toBe('CLOSED');
    });
  });

  it('answers UPSTREAM_UNAVAILABLE when the renewal itself fails, without posting the read again', async () => {
    await withYoga(envFor(fakes, ['threads-web-public'], { UPSTREAM_RETRIES: '0' }), async (graph) => {
      expect((await readPosts(graph, posts.slice(0, 1))).errors).toBeUndefined();
      web().override((request) =>
        request.method === 'GET'
          ? { status: 503, body: '<html><body>Service Unavailable</body></html>', contentType: 'text/html' }
          : refusal,
      );
      web().resetStats();

      const answer = await readPosts(graph, posts.slice(0, 1));

      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'threads-web' });
      expect(answer.errors?.[0]?.message).toMatch(/home page/);
      expect(homePageGets(web().requests)).toHaveLength(1);
      expect(graphqlPosts(web().requests)).toHaveLength(1);
    });
  });
});
