import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { DEMO_CREDENTIALS, startFakeUpstreams } from '../src/demo/index.js';
import { ThreadsGraphClient } from '../src/providers/threads-graph/client.js';
import { pagedMedia } from '../src/providers/threads-graph/payloads.js';

/**
 * `npm run bench:idle`: what idling costs on this machine. Each task runs 150 times right after another task
 * and 150 times after 50 ms asleep (a vendor's latency); the p50s show which kinds of work slow down after the
 * pause. Writes bench/idle-penalty.md.
 */
const RUNS = 150;
const PAUSE_MS = 50;

// The page feedgraph's own client asks for, re-read as text from the URL the fake recorded.
const fakes = await startFakeUpstreams();
const vendor = fakes.servers['threads-graph'];
vendor.recordRequests(true);
const dispatcher = new Agent();
await new ThreadsGraphClient(
  { baseUrl: fakes.providerSettings.threadsGraph?.baseUrl ?? '', dispatcher, timeoutMs: 10_000 },
  DEMO_CREDENTIALS.threadsGraphAccessToken,
).profilePosts('zuck', { token: null });
const [call] = vendor.requests;
const page = await (await fetch(`${vendor.url}${call?.path}?${new URLSearchParams(call?.query as Record<string, string>)}`)).text();
await Promise.all([fakes.close(), dispatcher.close()]);
const body: unknown = JSON.parse(page);

function arithmetic(): number {
  let value = 1;
  for (let index = 0; index < 20_000; index += 1) value = (value * 1_103_515_245 + 12_345) | 0;
  return value;
}

const tasks: [string, () => unknown][] = [
  ['pure arithmetic (20 000 multiply-adds)', arithmetic],
  [`JSON.parse of a 25-post Threads page (${(page.length / 1024).toFixed(1)} KiB)`, () => JSON.parse(page)],
  ['zod validation of that page', () => pagedMedia.parse(body)],
];

async function p50Of(task: () => unknown, pauseMs: number): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    await (pauseMs ? sleep(pauseMs) : new Promise((resolve) => setImmediate(resolve)));
    const started = performance.now();
    task();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)]! * 1000;
}

const rows: string[] = [];
for (const [name, task] of tasks) {
  await p50Of(task, 0);
  const busy = await p50Of(task, 0);
  const idle = await p50Of(task, PAUSE_MS);
  rows.push(`| ${name} | ${busy.toFixed(1)} | ${idle.toFixed(1)} | ${(idle / busy).toFixed(1)}× |`);
}

const markdown = `# What idling costs on this machine

\`npm run bench:idle\` (bench/idle-penalty.ts), ${new Date().toISOString().slice(0, 10)}, on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}.
p50 of ${RUNS} runs of each task, right after other work and after ${PAUSE_MS} ms asleep.

| task | p50 µs, busy | p50 µs, after ${PAUSE_MS} ms asleep | ratio |
|---|---|---|---|
${rows.join('\n')}

Arithmetic keeps its speed, so the clock does not slow down while idle; work that reads memory slows down
several times over, because the caches were emptied while the process slept. A query that waits 50 ms for its
vendors pays this on everything it does after the wait, in proportion to the code and data it touches.
`;
await writeFile(new URL('./idle-penalty.md', import.meta.url), markdown);
process.stdout.write(markdown);
