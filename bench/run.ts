import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';
import { request } from 'undici';
import type { ProviderSettings } from '../src/config.js';
import {
  agent,
  body,
  post,
  sample,
  sampleInTurn,
  SEQUENTIAL_SAMPLES,
  startChild,
  WARM_UPS,
  operationName,
  type Percentiles,
} from './harness.js';
import { measureReplicas, replicaReport } from './replicas.js';
import { measureMesh } from './mesh.js';
import { meshReport } from './mesh-report.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

/**
 * `npm run bench`: feedgraph against the fake vendors with 0 ms and 50 ms of injected upstream latency, beside
 * bare yoga servers that make the same vendor calls (the floor) or answer from memory (the ceiling). Writes
 * bench/results.md.
 * Four processes: the fakes, feedgraph, the bare yoga servers (floor + ceiling), and this one (autocannon and probes).
 */
const LATENCIES = [0, 50];
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? '5');
/** One connection measures a query's own latency; ten measure throughput under concurrent load. */
const CONNECTIONS = [1, 10];

async function load(url: string, scenario: Scenario, connections: number) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(scenario),
    connections,
    duration: DURATION_SECONDS,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

interface Row {
  scenario: Scenario;
  latency: number;
  upstreamCalls: number;
  upstreamRound: Percentiles;
  sequential: Percentiles;
  floor: Percentiles;
  ceiling: Percentiles;
  loads: { connections: number; feedgraph: Awaited<ReturnType<typeof load>>; ceiling: Awaited<ReturnType<typeof load>> }[];
}

const fixed = (value: number) => value.toFixed(2);
const overheadOf = (row: Row, served: Percentiles) => served.p50 - row.upstreamRound.p50;

async function measure(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const latency of LATENCIES) {
    const fakes = await startChild('./fakes.ts', { BENCH_UPSTREAM_LATENCY_MS: String(latency) });
    const settings = fakes.ready.settings as ProviderSettings;
    const graph = await startChild('./serve-feedgraph.ts', { BENCH_GRAPH_BASE_URL: settings.threadsGraph!.baseUrl });
    const bare = await startChild('./serve-bare.ts', {});
    const urls = { ...(graph.ready.urls as { feedgraph: string }), ...(bare.ready.urls as { ceiling: string; floor: string }) };
    const origin = new URL(settings.threadsGraph!.baseUrl).origin;
    for (const scenario of SCENARIOS) {
      await fakes.ask({ type: 'mark' }, 'marked');
      const result = await post(urls.feedgraph, scenario);
      if (result.errors) throw new Error(`${scenario.name} failed: ${JSON.stringify(result.errors)}`);
      const { calls } = await fakes.ask<{ calls: { path: string; query: Record<string, string> }[] }>({ type: 'calls' }, 'calls');
      const upstreamUrls = calls.map((call) => `${origin}${call.path}?${new URLSearchParams(call.query)}`);
      await bare.ask({ type: 'record', operationName: operationName(scenario), result, upstreamUrls }, 'recorded');
      // Throughput first: its runs (and one unmeasured run for the floor) bring the servers to steady state
      // (optimised code, warm caches) before the one-client latency is sampled, as in a server up for a while.
      const loads = [];
      for (const connections of CONNECTIONS) {
        await load(urls.feedgraph, scenario, connections);
        await load(urls.ceiling, scenario, connections);
        const feedgraph = await load(urls.feedgraph, scenario, connections);
        const ceiling = await load(urls.ceiling, scenario, connections);
        loads.push({ connections, feedgraph, ceiling });
      }
      await load(urls.floor, scenario, CONNECTIONS.at(-1)!);
      // The same upstream calls sent directly and concurrently: the latency feedgraph cannot avoid. Sampled in
      // turn with feedgraph's and the floor's, so a slower spell of this shared machine falls on all alike.
      const [upstreamRound, sequential, floor] = await sampleInTurn([
        () => Promise.all(upstreamUrls.map(async (url) => (await request(url, { dispatcher: agent })).body.text())),
        () => post(urls.feedgraph, scenario),
        () => post(urls.floor, scenario),
      ]);
      // The ceiling idles as long between queries as feedgraph idles waiting for the vendor, so both wake up cold alike.
      const ceiling = await sample(() => post(urls.ceiling, scenario), latency);
      rows.push({ scenario, latency, upstreamCalls: calls.length, upstreamRound, sequential, floor, ceiling, loads });
      console.log(
        `${scenario.name} · ${latency} ms: ${calls.length} upstream calls, upstream round p50 ${fixed(upstreamRound.p50)} ms, feedgraph p50 ${fixed(sequential.p50)} ms, floor p50 ${fixed(floor.p50)} ms`,
      );
    }
    await graph.stop();
    await bare.stop();
    await fakes.stop();
  }
  return rows;
}

function report(rows: Row[]): string {
  const latencyRows = rows.map(
    (row) =>
      `| ${row.scenario.name} | ${row.latency} ms | ${fixed(row.upstreamRound.p50)} | ${fixed(row.floor.p50)} | ${fixed(row.sequential.p50)} | ${fixed(row.sequential.p99)} | ${fixed(overheadOf(row, row.floor))} | **${fixed(overheadOf(row, row.sequential))}** | ${fixed(row.ceiling.p50)} | ${row.latency ? fixed(row.sequential.p50 / row.latency) : '–'} | ${row.upstreamCalls} / ${row.scenario.distinctFetches} |`,
  );
  const loadRows = rows.flatMap((row) =>
    row.loads.map(
      (entry) =>
        `| ${row.scenario.name} | ${row.latency} ms | ${entry.connections} | ${entry.feedgraph.requestsPerSecond.toFixed(0)} | ${entry.feedgraph.p50} | ${entry.feedgraph.p99} | ${entry.feedgraph.errors} | ${entry.ceiling.requestsPerSecond.toFixed(0)} | ${entry.ceiling.p50} | ${entry.ceiling.p99} |`,
    ),
  );
  return `# Benchmark results

\`npm run bench\` (bench/run.ts), ${new Date().toISOString().slice(0, 10)}, on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.

Setup: feedgraph serves over HTTP against the fake Threads Graph API (threads-graph provider) with the injected
latency on every upstream call and the cross-request cache **off**, so every query really goes upstream; it runs
with NODE_ENV=production and its per-request log lines off (warnings and errors stay). Beside it, two bare
graphql-yoga servers with the same schema parse and validate each query: the *floor* then makes the same vendor
calls as feedgraph (undici, concurrently, bodies parsed) and answers the recorded JSON; the *ceiling* answers it
from memory at once. Four processes: the fake vendors; feedgraph; the floor and the ceiling; the load generator.

## Latency of one query (one client, ${SEQUENTIAL_SAMPLES} sequential queries after the throughput runs and ${WARM_UPS} more warm-ups)

- *upstream round* — the same upstream calls the query makes, sent directly to the fake and concurrently: the
  latency feedgraph cannot avoid (injected latency + the fake's own work + HTTP).
- *overhead* — p50 − upstream round p50. For feedgraph: what it adds (parse, validate, execute, call and map the
  vendor, seal cursors, serialize). For the floor: what one HTTP hop through graphql-yoga and undici adds before
  any of feedgraph's work — the least a yoga graph over these vendors can add on this machine.
- The round, feedgraph and the floor are sampled in turn. Between queries the servers idle while the vendor
  answers; on this virtual machine code and data go cold in such pauses, which is why the 50 ms rows cost more
  than the 0 ms rows. \`npm run bench:idle\` (bench/idle-penalty.md) shows it: after 50 ms asleep pure arithmetic
  runs as fast as before, while parsing a vendor page or validating it with zod takes over four times as long.
  The penalty grows with the code and data a query touches.
- *ceiling p50* — the bare yoga server answering from memory, idling between queries as long as the injected latency.
- *upstream calls* — counted at the fake for one query, against the distinct fetches the query needs.

| scenario | injected latency | upstream round p50 ms | floor p50 ms | feedgraph p50 ms | feedgraph p99 ms | floor overhead p50 ms | feedgraph overhead p50 ms | ceiling p50 ms | p50 ÷ injected latency | upstream calls / distinct fetches |
|---|---|---|---|---|---|---|---|---|---|---|
${latencyRows.join('\n')}

## Throughput (autocannon, ${DURATION_SECONDS} s after a ${DURATION_SECONDS} s warm-up; autocannon reports whole milliseconds)

| scenario | injected latency | connections | feedgraph req/s | p50 ms | p99 ms | errors | ceiling req/s | ceiling p50 ms | ceiling p99 ms |
|---|---|---|---|---|---|---|---|---|---|
${loadRows.join('\n')}

## Targets (issue 3)

${targets(rows)}

The ten-connection rows include queueing on this machine's two cores, which all the processes share.
`;
}

function targets(rows: Row[]): string {
  const at50 = (name: string) => rows.find((row) => row.latency === 50 && row.scenario.name.startsWith(name))!;
  const a = at50('(a)');
  const b = at50('(b)');
  const overhead = overheadOf(a, a.sequential);
  const fanOut = b.sequential.p50 / b.latency;
  const callsMatch = rows.every((row) => row.upstreamCalls === row.scenario.distinctFetches);
  const verdict = (met: boolean) => (met ? 'met' : '**not met**');
  return [
    '| target | measured | verdict |',
    '|---|---|---|',
    `| (a) overhead over the upstream round ≤ 2 ms at p50, 50 ms upstreams | ${fixed(overhead)} ms (bare yoga making the same calls: ${fixed(overheadOf(a, a.floor))} ms) | ${verdict(overhead <= 2)} |`,
    `| (b) fan-out p50 ≤ 1.2 × one upstream latency | ${fixed(b.sequential.p50)} ms = ${fixed(fanOut)} × 50 ms | ${verdict(fanOut <= 1.2)} |`,
    `| upstream calls per query = distinct fetches | ${rows.map((row) => `${row.upstreamCalls}/${row.scenario.distinctFetches}`).join(', ')} | ${verdict(callsMatch)} |`,
  ].join('\n');
}

// BENCH_ONLY=mesh or BENCH_ONLY=replicas runs that section alone and prints it, leaving results.md as it is.
if (process.env.BENCH_ONLY === 'mesh') {
  console.log(meshReport(await measureMesh()));
} else if (process.env.BENCH_ONLY === 'replicas') {
  console.log(replicaReport(await measureReplicas()));
} else {
  const rows = await measure();
  const markdown = `${report(rows)}\n${meshReport(await measureMesh())}\n${replicaReport(await measureReplicas())}`;
  await writeFile(new URL('./results.md', import.meta.url), markdown);
  console.log(markdown);
}
await agent.close();
