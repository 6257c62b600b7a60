import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../src/cost/ledger.js';
import { envFor, useFakeUpstreams, withYoga } from '../support/graph-server.js';

const fakes = useFakeUpstreams();
const PROFILE_AND_POSTS = 'query { user(platform: THREADS, username: "zuck") { username posts(first: 3) { edges { node { id } } } } }';

interface Answer {
  data?: unknown;
  errors?: unknown[];
  extensions?: { cost: CostReport };
}

function costOf(answer: Answer): CostReport {
  if (!answer.extensions?.cost) throw new Error(`no extensions.cost in ${JSON.stringify(answer)}`);
  return answer.extensions.cost;
}

describe('extensions.cost', () => {
  it('reports a cold query: priced calls, complexity and the vendor calls really made, by provider', async () => {
    await withYoga(envFor(fakes, ['threads-graph']), async (graph) => {
      const before = fakes.servers['threads-graph'].requests.length;
      const cost = costOf((await graph.query(PROFILE_AND_POSTS)) as Answer);
      expect(fakes.servers['threads-graph'].requests.length - before).toBe(2);
      // user (1) + posts(first: 3): one native page plus one to resume mid-page (src/builder.ts nativePagesFor).
      expect(cost).toEqual({
        pricedUpstreamCalls: 3,
        complexity: expect.any(Number),
        vendorCalls: { total: 2, byProvider: { 'threads-graph': 2 } },
        cacheHits: { local: 0, shared: 0 },
        singleFlightJoins: { process: 0, replica: 0 },
        creditsSpent: {},
        quotaLeft: {},
        servedFromResponseCache: false,
      });
      expect(cost.complexity).toBeGreaterThan(30);
    });
  });

  it('reports a repeated query as cache hits with no vendor call', async () => {
    await withYoga(envFor(fakes, ['threads-graph'], { UPSTREAM_CACHE: 'on' }), async (graph) => {
      const cold = costOf((await graph.query(PROFILE_AND_POSTS)) as Answer);
      const before = fakes.servers['threads-graph'].requests.length;
      const warm = costOf((await graph.query(PROFILE_AND_POSTS)) as Answer);
      expect(fakes.servers['threads-graph'].requests.length).toBe(before);
      expect(cold.vendorCalls.total).toBe(2);
      expect(warm.vendorCalls).toEqual({ total: 0, byProvider: {} });
      expect(warm.cacheHits).toEqual({ local: 2, shared: 0 });
      // Nothing was counted against the quota, so none is reported.
      expect(warm.quotaLeft).toEqual({});
    });
  });

  it("reports SociaVault's credits_used for calls really made, not for cache hits", async () => {
    await withYoga(envFor(fakes, ['sociavault'], { UPSTREAM_CACHE: 'on' }), async (graph) => {
      const cold = costOf((await graph.query(PROFILE_AND_POSTS)) as Answer);
      const warm = costOf((await graph.query(PROFILE_AND_POSTS)) as Answer);
      expect(cold.creditsSpent).toEqual({ sociavault: 1 });
      expect(cold.vendorCalls).toEqual({ total: 1, byProvider: { sociavault: 1 } });
      expect(warm.creditsSpent).toEqual({});
    });
  });

  it('counts the same figures in Prometheus: credits, quota left', async () => {
    await withYoga(envFor(fakes, ['threads-graph', 'sociavault'], { QUOTAS: 'threads-graph.profileLookup=1/1h' }), async (graph) => {
      await graph.query(PROFILE_AND_POSTS);
      await graph.query('query { user(platform: THREADS, username: "mosseri") { username source } }');
      const metrics = await graph.app.metrics.registry.metrics();
      expect(metrics).toContain('feedgraph_vendor_credits_total{provider="sociavault"} 1');
      expect(metrics).toContain('feedgraph_quota_left{provider="threads-graph",quota="threads-graph.profileLookup",unit="calls"} 0');
      expect(metrics).toContain('feedgraph_quota_refusals_total{provider="threads-graph",quota="threads-graph.profileLookup"} 1');
    });
  });

  it('is left out with COST_EXTENSION=off', async () => {
    await withYoga(envFor(fakes, ['threads-graph'], { COST_EXTENSION: 'off' }), async (graph) => {
      const answer = (await graph.query(PROFILE_AND_POSTS)) as Answer;
      expect(answer.data).toBeDefined();
      expect(answer.extensions).toBeUndefined();
    });
  });
});
