import type { Percentiles } from './harness.js';
import type { PhaseReading } from './phase-meter.js';
import { DISTINCT_HANDLES, type PeerScenario } from './mesh-scenarios.js';

/** The GraphQL Mesh section's figures (bench/mesh.ts measures them) and their Markdown for results.md. */
export const CONNECTIONS = 20;
export const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? '5');
export const SOAK_LATENCY_MS = 50;

export type Server = 'feedgraph' | 'feedgraph, cache on' | 'Mesh' | 'floor';

export interface Load {
  server: Server;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  vendorCallsPerQuery: number;
  cpuMsPerQuery: number;
}

export interface MeshRow {
  scenario: PeerScenario;
  latency: number;
  /** Vendor calls of one query alone, counted at the fake. */
  probeCalls: { feedgraph: number; mesh: number };
  loads: Load[];
  /** One client, sampled in turn: the upstream calls alone, feedgraph, the floor (50 ms only), and where each server's time went. */
  sequential: {
    upstreamRound: Percentiles;
    feedgraph: Percentiles;
    floor: Percentiles;
    phases: { feedgraph: PhaseReading; floor: PhaseReading };
  } | null;
}

/** feedgraph's memory after its dropped requests finished and a forced full GC. */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
}

/** The soak: feedgraph's memory after its warm-up and at its end. */
export interface Soak {
  seconds: number;
  warmUpSeconds: number;
  queries: number;
  errors: number;
  afterWarmUp: MemoryReading;
  atEnd: MemoryReading;
}

export interface MeshResults {
  rows: MeshRow[];
  soak: Soak;
  /** The size of one page the fake AIsa serves. */
  vendorPageBytes: number;
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
  const { afterWarmUp, atEnd } = soakResult;
  const growth = atEnd.rss / afterWarmUp.rss - 1;
  lines.push(
    `| ${soakResult.seconds} s soak, 20 connections, cache off: RSS after a forced GC within 10% of RSS after warm-up (${soakResult.warmUpSeconds} s) | (a), (b), (c) in turn | ${SOAK_LATENCY_MS} ms | ${mebibytes(afterWarmUp.rss)} → ${mebibytes(atEnd.rss)} MiB (${growth >= 0 ? '+' : ''}${fixed(100 * growth, 1)}%; heap in use ${mebibytes(afterWarmUp.heapUsed)} → ${mebibytes(atEnd.heapUsed)} MiB) over ${soakResult.queries} queries, ${soakResult.errors} errors | ${verdict(Math.abs(growth) <= 0.1 && soakResult.errors === 0)} |`,
  );
  return lines.join('\n');
}

/**
 * What 20 connections can reach at 50 ms when each query waits one vendor round: connections ÷ the round's p50.
 * Set beside 1.5× Mesh's req/s, it shows whether the cold req/s target is within reach of any server that calls
 * the vendor once per query.
 */
function latencyBound(rows: MeshRow[]): string {
  const lines = rows.flatMap((row) => {
    if (!row.sequential) return [];
    const bound = CONNECTIONS / (row.sequential.upstreamRound.p50 / 1000);
    const mesh = loadOf(row, 'Mesh').requestsPerSecond;
    const floor = loadOf(row, 'floor').requestsPerSecond;
    return [
      `| ${row.scenario.name} | ${fixed(bound, 0)} | ${fixed(1.5 * mesh, 0)} (${fixed((1.5 * mesh) / bound)} of the bound) | ${fixed(floor, 0)} (${fixed(floor / mesh)}× Mesh) |`,
    ];
  });
  return `The most a server that waits one vendor round per query can answer at ${CONNECTIONS} connections is ${CONNECTIONS} ÷ the
round's p50 (the *latency bound*). Beside it, the cold target (1.5× Mesh's req/s at 50 ms) and what the bare-yoga floor, which
makes exactly those calls and nothing else, reached in the same run:

| query | latency bound at 50 ms, req/s | 1.5× Mesh, req/s | floor req/s |
|---|---|---|---|
${lines.join('\n')}`;
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
  const phaseRows = rows.flatMap((row) => {
    if (!row.sequential) return [];
    const { feedgraph, floor } = row.sequential.phases;
    return [
      `| ${row.scenario.name} | ${row.latency} ms | ${fixed(floor.beforeFirstCall)} | ${fixed(feedgraph.beforeFirstCall)} | ${fixed(floor.afterLastAnswer)} | ${fixed(feedgraph.afterLastAnswer)} | ${feedgraph.requests} / ${floor.requests} |`,
    ];
  });
  return `## GraphQL Mesh over the same vendor (issue 14)

Setup: one fake AIsa (seed 001's item, renumbered, 12 a page: ${fixed(vendorPageBytes / 1024, 0)} KiB; the owner is the handle asked) behind four servers,
each in its own process: feedgraph with the AIsa adapter alone (\`INSTAGRAM_PROVIDERS=aisa\`), cache off, and cache
on (its vendor-answer cache and its response cache, graphql-yoga's, \`RESPONSE_CACHE=on\`); GraphQL Mesh
(\`@omnigraph/openapi\` over [AIsa's OpenAPI document](aisa-openapi.yaml), served by graphql-yoga, nothing else turned
on: a Mesh user could add the same response cache, whose hits skip execution in either server, so the "cache on" rows
say what feedgraph ships, not that Mesh could not be made as fast); and the bare-yoga floor making feedgraph's vendor calls
and answering the recorded JSON. The same fields are asked of each. Autocannon, ${CONNECTIONS} connections,
${DURATION_SECONDS} s after a ${DURATION_SECONDS} s warm-up. *Vendor calls per query*: calls counted at the fake
during the run ÷ requests the server answered. *CPU ms per query*: the server process's own \`process.cpuUsage()\`
(user + system, every thread) over the run ÷ requests it answered. Other processes share this machine, so the
figures are indicative; compare only figures of the same run.

**Read the cold rows with this in mind:** every connection sends the same query, and with the cache off feedgraph
still lets concurrent requests for the same vendor answer share one in-flight call (single-flight, issue 13), so
under this load it makes about one vendor call per 20 queries (the *vendor calls / query* column) where Mesh and the
floor make one per query. The cold rows of (a) to (c) therefore measure the single-flight as much as feedgraph's cost
per vendor page. Query (d), not one of the issue's three, is (a) asked for a different user by each request in turn
(${DISTINCT_HANDLES.length} users, so no two connections ever ask for the same one at once): nothing is shared, and every server makes
one vendor call per query.

| query | latency | server | req/s | p50 ms | p99 ms | errors | vendor calls / query | CPU ms / query | req/s ÷ Mesh | CPU ÷ Mesh |
|---|---|---|---|---|---|---|---|---|---|---|
${loadRows.join('\n')}

One client at 50 ms (sampled in turn; overhead = p50 − the upstream round's p50):

| query | latency | upstream round p50 ms | floor p50 ms | feedgraph p50 ms | floor overhead ms | feedgraph overhead ms |
|---|---|---|---|---|---|---|
${latencyRows.join('\n')}

Where that overhead sits, as each server measured it on itself during those samples (Node's and undici's diagnostics
channels; medians): from a request's arrival to its first vendor request sent (parse, validate, plugins, context,
resolvers, loaders, the call's policies), and from its last vendor answer received whole to its response finished
(JSON.parse of the ${fixed(vendorPageBytes / 1024, 0)} KiB page, which the floor does too; for feedgraph also the validation, mapping,
execution and cursors; then serializing and writing the response).

| query | latency | floor: before its first call ms | feedgraph: before its first call ms | floor: after its last answer ms | feedgraph: after its last answer ms | requests (feedgraph / floor) |
|---|---|---|---|---|---|---|
${phaseRows.join('\n')}

${latencyBound(rows)}

### Targets (issue 14, "Done when")

Issue 14 sets them for (a), (b) and (c); the rows of (d) are there to be read beside them.

${targets(rows, soakResult)}
`;
}
