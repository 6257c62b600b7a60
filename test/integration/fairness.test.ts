import { afterEach, describe, expect, it } from 'vitest';
import { json } from '../../src/demo/fake-server.js';
import { createJsonLogger } from '../../src/logger.js';
import { ProviderStatusQuery, UserNameQuery, UserPostIdsQuery } from '../documents/users.js';
import type { CircuitState } from '../generated/graphql.js';
import { envFor, GraphServer, withYoga, useFakeUpstreams } from '../support/graph-server.js';

const fakes = useFakeUpstreams();

afterEach(() => {
  for (const server of Object.values(fakes.servers)) {
    server.override(null);
    server.fault(null);
    server.setLatency(0);
  }
});

async function circuitOf(graph: GraphServer, id: string): Promise<CircuitState | null | undefined> {
  const result = await graph.query(ProviderStatusQuery);
  return result.data?.providers.find((provider) => provider.id === id)?.circuit;
}

describe('one client cannot hurt the others', () => {
  it('leaves the circuit closed after many requests for one missing object', async () => {
    await withYoga(envFor(fakes, ['aisa'], { CIRCUIT_BREAKER_FAILURES: '3' }), async (graph) => {
      for (let attempt = 0; attempt < 8; attempt += 1) {
        const result = await graph.query(UserNameQuery, { platform: 'INSTAGRAM', username: 'no.such.account' });
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
      }
      expect(await circuitOf(graph, 'aisa')).toBe('CLOSED');
      const other = await graph.query(UserNameQuery, { platform: 'INSTAGRAM', username: 'yifei_cc' });
      expect(other.errors).toBeUndefined();
    });
  });

  it('counts a call, not its retries, against the circuit: two requests for an object that always fails leave it closed', async () => {
    const aisa = fakes.servers.aisa;
    aisa.override((request) =>
      request.query.handle === 'always.broken' ? json(500, { error: 'Internal Server Error', message: 'boom' }) : null,
    );
    await withYoga(envFor(fakes, ['aisa'], { CIRCUIT_BREAKER_FAILURES: '5', UPSTREAM_RETRIES: '2' }), async (graph) => {
      const before = aisa.requests.length;
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const result = await graph.query(UserNameQuery, { platform: 'INSTAGRAM', username: 'always.broken' });
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      }
      // Each request was retried (up to the retry budget), yet only two calls failed.
      expect(aisa.requests.length - before).toBeGreaterThan(2);
      expect(await circuitOf(graph, 'aisa')).toBe('CLOSED');
    });
  });

  it('opens the circuit when the vendor is down for everyone, and logs that once, at warn', async () => {
    const lines: string[] = [];
    const graph = await GraphServer.inProcess(envFor(fakes, ['aisa'], { CIRCUIT_BREAKER_FAILURES: '3', UPSTREAM_RETRIES: '0' }), {
      logger: createJsonLogger('info', (line) => lines.push(line)),
    });
    try {
      fakes.servers.aisa.fault({ kind: 'status', status: 503 });
      for (const username of ['yifei_cc', 'carsoncantcode', 'empty.insta', 'hidden.insta', 'yifei_cc']) {
        await graph.query(UserNameQuery, { platform: 'INSTAGRAM', username: username });
      }
      expect(await circuitOf(graph, 'aisa')).toBe('OPEN');
      const warnings = lines
        .map((line) => JSON.parse(line) as { level: string; provider?: string; circuit?: string })
        .filter((line) => line.circuit === 'OPEN');
      expect(warnings).toEqual([expect.objectContaining({ level: 'warn', provider: 'aisa' })]);
    } finally {
      await graph.close();
    }
  });

  it("retries JustOneAPI's HTTP-200 business errors and records them, like HTTP errors", async () => {
    const justone = fakes.servers.justoneapi;
    let refusals = 1;
    justone.override(() => (refusals-- > 0 ? json(200, { code: 500, message: 'internal error, please retry', data: null }) : null));
    await withYoga(envFor(fakes, ['justoneapi']), async (graph) => {
      const before = justone.requests.length;
      const result = await graph.query(UserPostIdsQuery, { platform: 'INSTAGRAM', username: 'yifei_cc', first: 3 });
      expect(result.errors).toBeUndefined();
      expect(result.data?.user?.posts?.edges).toHaveLength(3);
      expect(justone.requests.length - before).toBe(2);
      const providers = await graph.query(ProviderStatusQuery);
      expect(providers.data?.providers.find((provider) => provider.id === 'justoneapi')?.lastErrorCode).toBe(null);
      justone.override(() => json(200, { code: 302, message: 'too many requests', data: null }));
      const limited = await graph.query(UserNameQuery, { platform: 'INSTAGRAM', username: 'carsoncantcode' });
      expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', provider: 'justoneapi' });
      const after = await graph.query(ProviderStatusQuery);
      expect(after.data?.providers.find((provider) => provider.id === 'justoneapi')?.lastErrorCode).toBe('RATE_LIMITED');
    });
  });

  it('ends what a request still waits for at REQUEST_TIMEOUT_MS with UPSTREAM_TIMEOUT, starting no call after it', async () => {
    const aisa = fakes.servers.aisa;
    aisa.setLatency(400);
    await withYoga(envFor(fakes, ['aisa'], { REQUEST_TIMEOUT_MS: '1000' }), async (graph) => {
      const before = aisa.requests.length;
      const result = await graph.query(UserPostIdsQuery, { platform: 'INSTAGRAM', username: 'carsoncantcode', first: 100 });
      expect(result.data?.user).toMatchObject({ username: 'carsoncantcode', posts: null });
      expect(result.errors?.[0]).toMatchObject({ path: ['user', 'posts'], extensions: { code: 'UPSTREAM_TIMEOUT', provider: 'aisa' } });
      expect(result.errors?.[0]?.message).toMatch(/REQUEST_TIMEOUT_MS/);
      // 45 posts are four native pages of 12; at 400 ms each the deadline passes before the last is asked for.
      expect(aisa.requests.length - before).toBeLessThan(4);
    });
  });
});

describe('secrets in vendor error bodies', () => {
  const key = 'secret-key-0123456789abcdefghijklmnopqrstuvwxyz';
  const pieces = Array.from({ length: key.length - 7 }, (_, start) => key.slice(start, start + 8));

  it('leaks no 8-character piece of a key the vendor echoes at any offset around the message cut', async () => {
    const aisa = fakes.servers.aisa;
    let offset = 0;
    aisa.override(() => ({ status: 400, body: `bad request for ${'x'.repeat(offset)}${key} (echoed)`, contentType: 'text/plain' }));
    await withYoga(envFor(fakes, ['aisa'], { AISA_API_KEY: key }), async (graph) => {
      for (offset = 0; offset <= 320; offset += 1) {
        const result = await graph.query(UserNameQuery, { platform: 'INSTAGRAM', username: 'yifei_cc' });
        const message = result.errors?.[0]?.message ?? '';
        expect(message).toMatch(/HTTP 400/);
        for (const piece of pieces) expect(message).not.toContain(piece);
      }
    });
  });

  it('never shows the vendor URL a gateway page echoes, nor the token in it', async () => {
    const token = 'tg-secret-ABCDEFGH12345678zz';
    fakes.servers['threads-graph'].override(() => ({
      status: 502,
      body: `Bad gateway while fetching https://graph.threads.net/v1.0/profile_lookup?username=zuck&access_token=${token.slice(3)}`,
      contentType: 'text/plain',
    }));
    await withYoga(envFor(fakes, ['threads-graph'], { THREADS_GRAPH_ACCESS_TOKEN: token, UPSTREAM_RETRIES: '0' }), async (graph) => {
      const result = await graph.query(UserNameQuery, { platform: 'THREADS', username: 'zuck' });
      const message = result.errors?.[0]?.message ?? '';
      expect(message).toMatch(/HTTP 502/);
      expect(message).not.toMatch(/graph\.threads\.net|access_token/);
      expect(message).not.toContain(token.slice(3, 11));
    });
  });
});
