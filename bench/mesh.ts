import autocannon from 'autocannon';
import { request } from 'undici';
import type { CpuReading } from './cpu-meter.js';
import { agent, body, operationName, post, sampleInTurn, startChild, type Child, type Percentiles } from './harness.js';
import { PEER_SCENARIOS, SEED_HANDLE, type PeerScenario } from './mesh-scenarios.js';
import type { Scenario } from './scenarios.js';

/**
 * The GraphQL Mesh section of `npm run bench` (alone: BENCH_ONLY=mesh): feedgraph's AIsa adapter, GraphQL Mesh
 * over AIsa's OpenAPI document and the bare-yoga floor, against the same fake AIsa, at 0 ms and 50 ms, with
 * autocannon at 20 connections. Each server reports its own CPU time; the fake counts the vendor calls.
 */
const LATENCIES = [0, 50];
const CONNECTIONS = 20;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? '5');
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? '120');
const SOAK_WARM_UP_SECONDS = 10;
const SOAK_LATENCY_MS = 50;

type Server = 'feedgraph' | 'feedgraph, cache on' | 'Mesh' | 'floor';

interface Load {
  server: Server;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  vendorCallsPerQuery: number;
  cpuMsPerQuery: number;
}

interface MeshRow {
  scenario: PeerScenario;
  latency: number;
  /** Vendor calls of one query alone, counted at the fake. */
  probeCalls: { feedgraph: number; mesh: number };
  loads: Load[];
  /** One client, sampled in turn: the upstream calls alone, feedgraph, the floor (50 ms only). */
  sequential: { upstreamRound: Percentiles; feedgraph: Percentiles; floor: Percentiles } | null;
}

/** feedgraph's resident memory after a forced full GC, after the soak's warm-up and at its end. */
interface Soak {
  seconds: number;
  queries: number;
  errors: number;
  rssAfterWarmUp: number;
  rssAtEnd: number;
}

interface MeshResults {
  rows: MeshRow[];
  soak: Soak;
  /** The size of one page the fake AIsa serves. */
  vendorPageBytes: number;
}

interface Target {
  child: Child;
  url: string;
  scenario: Scenario;
}

async function autocannonRun(url: string, scenario: Scenario) {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(scenario),
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
  });
}

async function vendorCount(fakes: Child): Promise<number> {
  return (await fakes.ask<{ count: number }>({ type: 'count', vendor: 'aisa' }, 'count')).count;
}

/** A warm-up run, then the measured one with the server's CPU and the fake's calls counted over it. */
async function measureLoad(server: Server, target: Target, fakes: Child): Promise<Load> {
  await autocannonRun(target.url, target.scenario);
  const callsBefore = await vendorCount(fakes);
  await target.child.ask({ type: 'cpu-start' }, 'cpu-started');
  const result = await autocannonRun(target.url, target.scenario);
  const cpu = await target.child.ask<CpuReading>({ type: 'cpu-stop' }, 'cpu');
  const calls = (await vendorCount(fakes)) - callsBefore;
  return {
    server,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    vendorCallsPerQuery: calls / Math.max(1, cpu.requests),
    cpuMsPerQuery: cpu.cpuMs / Math.max(1, cpu.requests),
  };
}

/** One query, checked for errors, and the vendor calls it made at the fake. */
async function probe(fakes: Child, url: string, scenario: Scenario) {
  await fakes.ask({ type: 'mark', vendor: 'aisa' }, 'marked');
  const result = await post(url, scenario);
  const { calls } = await fakes.ask<{ calls: { path: string; query: Record<string, string> }[] }>({ type: 'calls' }, 'calls');
  if (result.errors || !result.data) throw new Error(`${scenario.name} failed: ${JSON.stringify(result.errors)}`);
  return { result, calls };
}

async function rssAfterGc(child: Child): Promise<number> {
  const reading = await child.ask<{ rss: number; collected: boolean }>({ type: 'rss-after-gc' }, 'rss');
  if (!reading.collected) throw new Error('the soak needs feedgraph started with --expose-gc');
  return reading.rss;
}

/** feedgraph, cache off, at 50 ms, under the three queries in turn on 20 connections for SOAK_SECONDS. */
async function soak(): Promise<Soak> {
  const fakes = await startChild('./fakes.ts', { BENCH_UPSTREAM_LATENCY_MS: String(SOAK_LATENCY_MS) });
  const aisa = fakes.ready.aisa as { baseUrl: string };
  const feedgraph = await startChild('./serve-feedgraph.ts', { BENCH_AISA_BASE_URL: aisa.baseUrl, BENCH_UPSTREAM_CACHE: 'off' }, [
    '--expose-gc',
  ]);
  const url = (feedgraph.ready.urls as Record<string, string>).feedgraph!;
  const run = (seconds: number) =>
    autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: PEER_SCENARIOS.map((scenario) => ({ body: body(scenario.feedgraph) })),
      connections: CONNECTIONS,
      duration: seconds,
    });
  await run(SOAK_WARM_UP_SECONDS);
  const rssAfterWarmUp = await rssAfterGc(feedgraph);
  const result = await run(SOAK_SECONDS);
  const rssAtEnd = await rssAfterGc(feedgraph);
  await feedgraph.stop();
  await fakes.stop();
  return { seconds: SOAK_SECONDS, queries: result.requests.total, errors: result.errors + result.non2xx, rssAfterWarmUp, rssAtEnd };
}

export async function measureMesh(): Promise<MeshResults> {
  const rows: MeshRow[] = [];
  let vendorPageBytes = 0;
  for (const latency of LATENCIES) {
    const fakes = await startChild('./fakes.ts', { BENCH_UPSTREAM_LATENCY_MS: String(latency) });
    const aisa = fakes.ready.aisa as { baseUrl: string; apiKey: string };
    const feedgraph = await startChild('./serve-feedgraph.ts', { BENCH_AISA_BASE_URL: aisa.baseUrl, BENCH_UPSTREAM_CACHE: 'off' });
    const cached = await startChild('./serve-feedgraph.ts', { BENCH_AISA_BASE_URL: aisa.baseUrl, BENCH_UPSTREAM_CACHE: 'on' });
    const mesh = await startChild('./serve-mesh.ts', { BENCH_AISA_BASE_URL: aisa.baseUrl, BENCH_AISA_API_KEY: aisa.apiKey });
    const bare = await startChild('./serve-bare.ts', {});
    const urlOf = (child: Child, name: string) => (child.ready.urls as Record<string, string>)[name]!;
    const upstreamHeaders = { authorization: `Bearer ${aisa.apiKey}` };
    const page = await request(`${aisa.baseUrl}/instagram/user/posts?handle=${SEED_HANDLE}`, {
      dispatcher: agent,
      headers: upstreamHeaders,
    });
    vendorPageBytes = (await page.body.arrayBuffer()).byteLength;
    for (const scenario of PEER_SCENARIOS) {
      const { result, calls } = await probe(fakes, urlOf(feedgraph, 'feedgraph'), scenario.feedgraph);
      const meshProbe = await probe(fakes, urlOf(mesh, 'mesh'), scenario.mesh);
      const upstreamUrls = calls.map((call) => `${aisa.baseUrl}${call.path}?${new URLSearchParams(call.query)}`);
      await bare.ask(
        { type: 'record', operationName: operationName(scenario.feedgraph), result, upstreamUrls, upstreamHeaders },
        'recorded',
      );
      const loads = [
        await measureLoad('feedgraph', { child: feedgraph, url: urlOf(feedgraph, 'feedgraph'), scenario: scenario.feedgraph }, fakes),
        await measureLoad('feedgraph, cache on', { child: cached, url: urlOf(cached, 'feedgraph'), scenario: scenario.feedgraph }, fakes),
        await measureLoad('Mesh', { child: mesh, url: urlOf(mesh, 'mesh'), scenario: scenario.mesh }, fakes),
        await measureLoad('floor', { child: bare, url: urlOf(bare, 'floor'), scenario: scenario.feedgraph }, fakes),
      ];
      const sequential =
        latency > 0
          ? await (async () => {
              const [upstreamRound, served, floor] = await sampleInTurn([
                () =>
                  Promise.all(
                    upstreamUrls.map(async (url) => (await request(url, { dispatcher: agent, headers: upstreamHeaders })).body.text()),
                  ),
                () => post(urlOf(feedgraph, 'feedgraph'), scenario.feedgraph),
                () => post(urlOf(bare, 'floor'), scenario.feedgraph),
              ]);
              return { upstreamRound, feedgraph: served, floor };
            })()
          : null;
      rows.push({ scenario, latency, probeCalls: { feedgraph: calls.length, mesh: meshProbe.calls.length }, loads, sequential });
      console.log(
        `${scenario.name} · ${latency} ms: ${loads.map((load) => `${load.server} ${load.requestsPerSecond.toFixed(0)} req/s, ${load.cpuMsPerQuery.toFixed(2)} CPU ms/query`).join('; ')}`,
      );
    }
    for (const child of [feedgraph, cached, mesh, bare, fakes]) await child.stop();
  }
  return { rows, soak: await soak(), vendorPageBytes };
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const loadOf = (row: MeshRow, server: Server) => row.loads.find((load) => load.server === server)!;
const verdict = (met: boolean) => (met ? 'met' : '**not met**');

const mebibytes = (bytes: number) => fixed(bytes / 2 ** 20, 0);

function targets(rows: MeshRow[], soakResult: Soak): string {
  const lines = ['| target | query | latency | measured | verdict |', '|---|---|---|---|---|'];
  for (const row of rows) {
    const mesh = loadOf(row, 'Mesh');
    const cold = loadOf(row, 'feedgraph');
    const cached = loadOf(row, 'feedgraph, cache on');
    const cpuRatio = cold.cpuMsPerQuery / mesh.cpuMsPerQuery;
    const speedRatio = cold.requestsPerSecond / mesh.requestsPerSecond;
    const cachedRatio = cached.requestsPerSecond / mesh.requestsPerSecond;
    const where = `${row.scenario.name} | ${row.latency} ms`;
    lines.push(
      `| cold: CPU per query ≤ 0.5× Mesh's | ${where} | ${fixed(cold.cpuMsPerQuery)} vs ${fixed(mesh.cpuMsPerQuery)} ms = ${fixed(cpuRatio)}× | ${verdict(cpuRatio <= 0.5)} |`,
      `| cold: req/s ≥ 1.5× Mesh's | ${where} | ${fixed(cold.requestsPerSecond, 0)} vs ${fixed(mesh.requestsPerSecond, 0)} = ${fixed(speedRatio)}× | ${verdict(speedRatio >= 1.5)} |`,
      `| cold: vendor calls ≤ Mesh's (one query alone) | ${where} | ${row.probeCalls.feedgraph} vs ${row.probeCalls.mesh} | ${verdict(row.probeCalls.feedgraph <= row.probeCalls.mesh)} |`,
      `| cache on: req/s ≥ 5× Mesh's | ${where} | ${fixed(cached.requestsPerSecond, 0)} vs ${fixed(mesh.requestsPerSecond, 0)} = ${fixed(cachedRatio)}× | ${verdict(cachedRatio >= 5)} |`,
    );
    if (row.sequential) {
      const { upstreamRound, feedgraph, floor } = row.sequential;
      const overhead = feedgraph.p50 - upstreamRound.p50;
      const floorOverhead = floor.p50 - upstreamRound.p50;
      lines.push(
        `| overhead over the upstream round at p50 ≤ 1.5× the floor's | ${where} | ${fixed(overhead)} vs ${fixed(floorOverhead)} ms = ${fixed(overhead / floorOverhead)}× | ${verdict(overhead <= 1.5 * floorOverhead)} |`,
      );
    }
  }
  const growth = soakResult.rssAtEnd / soakResult.rssAfterWarmUp - 1;
  lines.push(
    `| ${soakResult.seconds} s soak, 20 connections, cache off: RSS after a forced GC within 10% of RSS after warm-up | (a), (b), (c) in turn | ${SOAK_LATENCY_MS} ms | ${mebibytes(soakResult.rssAfterWarmUp)} → ${mebibytes(soakResult.rssAtEnd)} MiB (${growth >= 0 ? '+' : ''}${fixed(100 * growth, 1)}%) over ${soakResult.queries} queries, ${soakResult.errors} errors | ${verdict(Math.abs(growth) <= 0.1 && soakResult.errors === 0)} |`,
  );
  return lines.join('\n');
}

export function meshReport({ rows, soak: soakResult, vendorPageBytes }: MeshResults): string {
  const loadRows = rows.flatMap((row) => {
    const mesh = loadOf(row, 'Mesh');
    return row.loads.map(
      (load) =>
        `| ${row.scenario.name} | ${row.latency} ms | ${load.server} | ${fixed(load.requestsPerSecond, 0)} | ${load.p50} | ${load.p99} | ${load.errors} | ${fixed(load.vendorCallsPerQuery)} | ${fixed(load.cpuMsPerQuery)} | ${fixed(load.requestsPerSecond / mesh.requestsPerSecond)}× | ${fixed(load.cpuMsPerQuery / mesh.cpuMsPerQuery)}× |`,
    );
  });
  const latencyRows = rows.flatMap((row) =>
    row.sequential
      ? [
          `| ${row.scenario.name} | ${row.latency} ms | ${fixed(row.sequential.upstreamRound.p50)} | ${fixed(row.sequential.floor.p50)} | ${fixed(row.sequential.feedgraph.p50)} | ${fixed(row.sequential.floor.p50 - row.sequential.upstreamRound.p50)} | ${fixed(row.sequential.feedgraph.p50 - row.sequential.upstreamRound.p50)} |`,
        ]
      : [],
  );
  return `## GraphQL Mesh over the same vendor (issue 14)

Setup: one fake AIsa (seed 001's item, renumbered, 12 a page: ${fixed(vendorPageBytes / 1024, 0)} KiB; the owner is the handle asked) behind four servers,
each in its own process: feedgraph with the AIsa adapter alone (\`INSTAGRAM_PROVIDERS=aisa\`), cache off and cache
on; GraphQL Mesh (\`@omnigraph/openapi\` over [AIsa's OpenAPI document](aisa-openapi.yaml), served by graphql-yoga,
nothing else turned on: the cache a Mesh user would add, yoga's response cache, is not a dependency here, so
"cache on" compares feedgraph's cache with Mesh as it is); and the bare-yoga floor making feedgraph's vendor calls
and answering the recorded JSON. The same fields are asked of each. Autocannon, ${CONNECTIONS} connections,
${DURATION_SECONDS} s after a ${DURATION_SECONDS} s warm-up. *Vendor calls per query*: calls counted at the fake
during the run ÷ requests the server answered. *CPU ms per query*: the server process's own \`process.cpuUsage()\`
(user + system, every thread) over the run ÷ requests it answered. Other processes share this machine, so the
figures are indicative; compare only figures of the same run.

**Read the cold rows with this in mind:** every connection sends the same query, and with the cache off feedgraph
still lets concurrent requests for the same vendor answer share one in-flight call (single-flight, issue 13), so
under this load it makes about one vendor call per 20 queries (the *vendor calls / query* column) where Mesh and the
floor make one per query. The cold rows therefore measure the single-flight as much as feedgraph's cost per vendor
page; a load of distinct users, where nothing is shared, is what the one-client latency rows below come closest to.

| query | latency | server | req/s | p50 ms | p99 ms | errors | vendor calls / query | CPU ms / query | req/s ÷ Mesh | CPU ÷ Mesh |
|---|---|---|---|---|---|---|---|---|---|---|
${loadRows.join('\n')}

One client at 50 ms (sampled in turn; overhead = p50 − the upstream round's p50):

| query | latency | upstream round p50 ms | floor p50 ms | feedgraph p50 ms | floor overhead ms | feedgraph overhead ms |
|---|---|---|---|---|---|---|
${latencyRows.join('\n')}

### Targets (issue 14, "Done when")

${targets(rows, soakResult)}
`;
}
