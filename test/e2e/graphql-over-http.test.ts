import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const fakes = useFakeUpstreams();
let graph: GraphServer;

beforeAll(async () => {
  graph = await GraphServer.start(envFor(fakes, ['threads-graph', 'aisa']));
});

afterAll(async () => {
  await graph.close();
});

/** What a non-browser client (or a browser app through its GraphQL client) sends to pass CSRF prevention. */
const withPreflightHeader: typeof fetch = (input, init) =>
  fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), 'graphql-preflight': '1' } });

describe('the GraphQL-over-HTTP audits (graphql-http serverAudits) against the live server', () => {
  const audits = serverAudits({ url: () => graph.url, fetchFn: withPreflightHeader });

  for (const audit of audits) {
    it(`${audit.id}: ${audit.name}`, async () => {
      const result = await audit.fn();
      if (result.status === 'error') throw new Error(`${result.reason}`);
      expect(['ok', 'warn']).toContain(result.status);
    });
  }
});

// Raw on purpose: these requests are built by hand to test HTTP, not the graph.
describe('CSRF prevention', () => {
  const query = encodeURIComponent('{ providers { id } }');

  it('refuses a GET (a request a page can make cross-site without a preflight) that lacks the preflight header', async () => {
    const response = await fetch(`${graph.url}?query=${query}`);
    expect(response.status).toBe(403);
  });

  it('answers the same GET with the header, and JSON POSTs (always preflighted) without it', async () => {
    const get = await fetch(`${graph.url}?query=${query}`, { headers: { 'graphql-preflight': '1' } });
    expect(get.status).toBe(200);
    const post = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ providers { id } }' }),
    });
    expect(post.status).toBe(200);
  });
});
