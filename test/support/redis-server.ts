import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from './server-process.js';

/** Debian's redis-server (installed by .ci/run); another binary can be named with REDIS_SERVER_PATH. */
const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

/**
 * Whether tests that need Redis can run. Outside CI a missing redis-server skips them loudly; under CI=true it is a
 * failure. Call at the top level of a test file and use the answer in `describe.skipIf(!redisServerAvailable())`.
 */
export function redisServerAvailable(): boolean {
  if (existsSync(REDIS_SERVER)) return true;
  const message = `Redis tests SKIPPED: no redis-server at ${REDIS_SERVER}. Install Debian's redis-server (apt-get install redis-server) or set REDIS_SERVER_PATH; .ci/run installs it.`;
  if (process.env.CI === 'true') throw new Error(`${message} In CI this is a failure.`);
  console.warn(`\n*** ${message} ***\n`);
  return false;
}

export interface RedisServer {
  url: string;
  port: number;
  /** Shuts it down and waits for the process to end. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
}

/** A throwaway redis-server on a free loopback port, nothing persisted. */
export async function startRedisServer(): Promise<RedisServer> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    if (await accepting(port, child)) {
      return { url: `redis://127.0.0.1:${port}`, port, stop: () => ended(child, 'SIGTERM'), kill: () => ended(child, 'SIGKILL') };
    }
    child.kill('SIGKILL');
    // A free port can be taken by a parallel test between asking and listening.
    if (attempt >= 3 || !output.includes('Address already in use')) throw new Error(`redis-server did not start:\n${output}`);
  }
}

async function accepting(port: number, child: ChildProcess): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) return false;
    const connected = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (connected) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
