import autocannon from 'autocannon';
import { request } from 'undici';
import type { CpuReading } from './cpu-meter.js';
import type { PhaseReading } from './phase-meter.js';
import {
  CONNECTIONS,
  DURATION_SECONDS,
  SOAK_LATENCY_MS,
  type Load,
  type MeshResults,
  type MeshRow,
  type Server,
  type MemoryReading,
  type Soak,
} from './mesh-report.js';
import { agent, body, operationName, post, sampleInTurn, startChild, type Child } from './harness.js';
import { PEER_SCENARIOS, SEED_HANDLE } from './mesh-scenarios.js';
import type { Scenario } from './scenarios.js';

/**
 * The GraphQL Mesh section of `npm run bench` (alone: BENCH_ONLY=mesh): feedgraph's AIsa adapter, GraphQL Mesh
 * over AIsa's OpenAPI document and the bare-yoga floor, against the same fake AIsa, at 0 ms and 50 ms, with
 * autocannon at 20 connections. Each server reports its own CPU time; the fake counts the vendor calls.
 */
const LATENCIES = [0, 50];
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? '120');
/** Long enough for the process to reach its working size on this machine (about 30 s: RSS is flat after). */
const SOAK_WARM_UP_SECONDS = 30;
/** The soak runs issue 14's three queries, (a) to (c). */
const SOAK_SCENARIOS = PEER_SCENARIOS.filter((scenario) => !scenario.feedgraph.rotate);

interface Target {
  child: Child;
  url: string;
  scenario: Scenario;
}

/** Each request's body: the scenario's own, or with its rotating variable set to the next value in turn. */
function requestBodies(scenario: Scenario): Pick<autocannon.Options, 'body' | 'requests'> {
  const { rotate } = scenario;
  if (!rotate) return { body: body(scenario) };
  let next = 0;
  const nextBody = () => {
    const value = rotate.values[next++ % rotate.values.length];
    return body({ ...scenario, variables: { ...scenario.variables, [rotate.variable]: value } });
  };
  return { requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }] };
}

async function autocannonRun(url: string, scenario: Scenario) {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...requestBodies(scenario),
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

async function memoryAfterGc(child: Child): Promise<MemoryReading> {
  const reading = await child.ask<MemoryReading & { collected: boolean }>({ type: 'rss-after-gc' }, 'rss');
  if (!reading.collected) throw new Error('the soak needs feedgraph started with --expose-gc');
  return { rss: reading.rss, heapUsed: reading.heapUsed };
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
      requests: SOAK_SCENARIOS.map((scenario) => ({ body: body(scenario.feedgraph) })),
      connections: CONNECTIONS,
      duration: seconds,
    });
  await run(SOAK_WARM_UP_SECONDS);
  const afterWarmUp = await memoryAfterGc(feedgraph);
  const result = await run(SOAK_SECONDS);
  const atEnd = await memoryAfterGc(feedgraph);
  await feedgraph.stop();
  await fakes.stop();
  return {
    seconds: SOAK_SECONDS,
    warmUpSeconds: SOAK_WARM_UP_SECONDS,
    queries: result.requests.total,
    errors: result.errors + result.non2xx,
    afterWarmUp,
    atEnd,
  };
}

export async function measureMesh(): Promise<MeshResults> {
  const rows: MeshRow[] = [];
  let vendorPageBytes = 0;
  for (const latency of LATENCIES) {
    const fakes = await startChild('./fakes.ts', { BENCH_UPSTREAM_LATENCY_MS: String(latency) });
    const aisa = fakes.ready.aisa as { baseUrl: string; apiKey: string };
    const feedgraph = await startChild('./serve-feedgraph.ts', { BENCH_AISA_BASE_URL: aisa.baseUrl, BENCH_UPSTREAM_CACHE: 'off' });
    const cached = await startChild('./serve-feedgraph.ts', {
      BENCH_AISA_BASE_URL: aisa.baseUrl,
      BENCH_UPSTREAM_CACHE: 'on',
      BENCH_RESPONSE_CACHE: 'on',
    });
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
      // A load of distinct users asks, one client at a time, what (a) asks: its latency rows are (a)'s.
      const sequential =
        latency > 0 && !scenario.feedgraph.rotate
          ? await (async () => {
              const servers = [feedgraph, bare];
              for (const server of servers) await server.ask({ type: 'phases-start' }, 'phases-started');
              const [upstreamRound, served, floor] = await sampleInTurn([
                () =>
                  Promise.all(
                    upstreamUrls.map(async (url) => (await request(url, { dispatcher: agent, headers: upstreamHeaders })).body.text()),
                  ),
                () => post(urlOf(feedgraph, 'feedgraph'), scenario.feedgraph),
                () => post(urlOf(bare, 'floor'), scenario.feedgraph),
              ]);
              const [feedgraphPhases, floorPhases] = await Promise.all(
                servers.map((server) => server.ask<PhaseReading>({ type: 'phases-stop' }, 'phases')),
              );
              return { upstreamRound, feedgraph: served, floor, phases: { feedgraph: feedgraphPhases!, floor: floorPhases! } };
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
