import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'undici';
import type { Scenario } from './scenarios.js';

/** What bench/run.ts and its sections share: child processes over IPC, queries over HTTP, percentiles. */
export const SEQUENTIAL_SAMPLES = Number(process.env.BENCH_SAMPLES ?? '200');
/** Sequential queries sent and not counted before each latency sample (the load runs warmed the servers already). */
export const WARM_UPS = 20;
export const agent = new Agent({ connections: 64 });

export interface Child {
  process: ChildProcess;
  ready: Record<string, unknown>;
  ask<T>(message: object, reply: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * `nodeFlags` go to Node beside the benchmark's own (e.g. --expose-gc for the soak). Every process runs with
 * NODE_ENV=production, as the image and compose.yaml run feedgraph: libraries such as graphql-js skip their
 * development checks then, in feedgraph and in its peers alike.
 */
export async function startChild(script: string, env: Record<string, string>, nodeFlags: string[] = []): Promise<Child> {
  const child = fork(new URL(script, import.meta.url).pathname, {
    execArgv: ['--max-semi-space-size=32', ...nodeFlags, '--import', 'tsx'],
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.on('message', (message: { type: string }) => message.type === 'ready' && resolve(message as Record<string, unknown>));
  });
  child.removeAllListeners('exit');
  const ask = <T>(message: object, reply: string) =>
    new Promise<T>((resolve) => {
      const listener = (answer: { type: string }) => {
        if (answer.type !== reply) return;
        child.off('message', listener);
        resolve(answer as T);
      };
      child.on('message', listener);
      child.send(message);
    });
  const stop = async () => {
    child.send({ type: 'stop' });
    await new Promise((resolve) => child.once('exit', resolve));
  };
  return { process: child, ready, ask, stop };
}

export const operationName = (scenario: Scenario) => /query (\w+)/.exec(scenario.query)?.[1] ?? '';
export const body = (scenario: Scenario) =>
  JSON.stringify({ query: scenario.query, variables: scenario.variables, operationName: operationName(scenario) });

export async function post(url: string, scenario: Scenario) {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(scenario),
    dispatcher: agent,
  });
  return (await response.body.json()) as { data?: unknown; errors?: unknown[] };
}

export function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

export interface Percentiles {
  p50: number;
  p99: number;
}

/** Sequential samples of each run, taken in turn; `pauseMs` idles before each, as a server waiting on a slow vendor idles. */
export async function sampleInTurn<Runs extends (() => Promise<unknown>)[]>(
  runs: [...Runs],
  pauseMs = 0,
): Promise<{ [Position in keyof Runs]: Percentiles }> {
  for (let index = 0; index < WARM_UPS; index += 1) for (const run of runs) await run();
  const samples = runs.map((): number[] => []);
  for (let index = 0; index < SEQUENTIAL_SAMPLES; index += 1) {
    for (const [position, run] of runs.entries()) {
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const started = performance.now();
      await run();
      samples[position]!.push(performance.now() - started);
    }
  }
  return samples.map((values) => ({ p50: percentile(values, 0.5), p99: percentile(values, 0.99) })) as {
    [Position in keyof Runs]: Percentiles;
  };
}

export const sample = async (run: () => Promise<unknown>, pauseMs = 0): Promise<Percentiles> => (await sampleInTurn([run], pauseMs))[0];
