import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import { DEMO_CREDENTIALS, useFakeUpstreams } from '../support/graph-server.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { startVendorGate, type VendorGate } from '../support/vendor-gate.js';

const fakes = useFakeUpstreams();
const CLIENTS = 4;
// Distinct users: identical requests in flight at once would share one vendor call, and the gate holds calls.
const USERNAMES = threadsWorld()
  .accounts.slice(4, 4 + CLIENTS)
  .map((account) => account.user.username);
// Raw on purpose: a ready-made HTTP body, sent by hand under keep-alive load.
const queryFor = (username: string) => JSON.stringify({ query: `{ user(platform: THREADS, username: "${username}") { username } }` });

function exitOf(server: ServerProcess): Promise<number | null> {
  if (server.child.exitCode !== null) return Promise.resolve(server.child.exitCode);
  return new Promise((resolve) => server.child.once('exit', (code) => resolve(code)));
}

async function outputShows(server: ServerProcess, text: string): Promise<void> {
  while (!server.output().includes(text)) {
    if (server.child.exitCode !== null) throw new Error(`the server exited before logging "${text}":\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function connectionRefused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('SIGTERM under keep-alive load', () => {
  let gate: VendorGate;
  let server: ServerProcess;
  let clients: Agent;

  beforeAll(async () => {
    gate = await startVendorGate(fakes.servers['threads-graph'].url);
    server = await startServerProcess({
      THREADS_GRAPH_ACCESS_TOKEN: DEMO_CREDENTIALS.threadsGraphAccessToken,
      THREADS_GRAPH_BASE_URL: `${gate.url}/v1.0`,
      UPSTREAM_CACHE: 'off',
    });
    clients = new Agent({ connections: CLIENTS, keepAliveTimeout: 60_000 });
  });

  afterAll(async () => {
    gate.release();
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await clients.close();
    await gate.close();
  });

  const ask = (username: string) =>
    request(server.url, { dispatcher: clients, method: 'POST', headers: { 'content-type': 'application/json' }, body: queryFor(username) });

  it('answers every request in flight, each with Connection: close, refuses new connections, and exits 0 once drained', async () => {
    const warmUp = await Promise.all(USERNAMES.map(ask));
    for (const response of warmUp) {
      expect(response.headers.connection).toBe('keep-alive');
      await response.body.text();
    }
    expect(clients.stats[new URL(server.url).origin]?.connected).toBe(CLIENTS);

    gate.hold();
    const before = fakes.servers['threads-graph'].requestCount;
    const inFlight = USERNAMES.map(ask);
    await gate.waitForHeld(CLIENTS);
    server.child.kill('SIGTERM');
    await outputShows(server, 'SIGTERM: finishing in-flight requests');
    expect(await connectionRefused(server.url)).toBe(true);
    gate.release();

    const answers = await Promise.all(
      inFlight.map(async (pending) => {
        const response = await pending;
        return { status: response.statusCode, connection: response.headers.connection, body: (await response.body.json()) as unknown };
      }),
    );
    expect(answers).toEqual(
      USERNAMES.map((username) => ({
        status: 200,
        connection: 'close',
        body: { data: { user: { username } }, extensions: { cost: expect.any(Object) } },
      })),
    );
    // One vendor call per request: the gate held every request that was in flight.
    expect(fakes.servers['threads-graph'].requestCount - before).toBe(CLIENTS);
    expect(await exitOf(server)).toBe(0);
    expect(server.output()).not.toMatch(/cutting the connections/);
  });
});

describe('start-up in production', () => {
  function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
  }

  it('refuses to serve fake data or seal cursors with a per-process key, naming the variables, and exits 2', async () => {
    const { code, output } = await start({ NODE_ENV: 'production' });
    expect(code).toBe(2);
    expect(output).toMatch(/NODE_ENV=production with no provider configured/);
    expect(output).toMatch(/DEMO=1/);
    expect(output).toMatch(/CURSOR_SECRET: required when NODE_ENV=production/);
    expect(output).not.toMatch(/listening/);
  });
});
