import { createHash } from 'node:crypto';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, useFakeUpstreams } from '../support/graph-server.js';
import { freePort } from '../support/server-process.js';
import { startVendorGate, type VendorGate } from '../support/vendor-gate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CURSOR_SECRET = 'installed-package-cursor-secret-0123456789abcdef';
/** A client key, configured as production requires: only its SHA-256 is in the environment. */
const CLIENT_KEY = 'installed-package-client-key-0123456789';
const API_KEYS = `e2e-client:${createHash('sha256').update(CLIENT_KEY).digest('hex')}`;
const run = promisify(execFile);

/** What a deployment holds beside dist/: the manifests, the prestart script, and the demo's vendor data. */
async function copyRuntimeFiles(directory: string): Promise<void> {
  for (const file of ['package.json', 'package-lock.json', 'scripts/build.mjs']) await cp(join(ROOT, file), join(directory, file));
  for (const entry of await readdir(join(ROOT, 'fixtures'), { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'generate') continue;
    const files = (await readdir(join(ROOT, 'fixtures', entry.name))).filter((name) => name.endsWith('.json'));
    for (const name of files) await cp(join(ROOT, 'fixtures', entry.name, name), join(directory, 'fixtures', entry.name, name));
  }
}

/** The environment of a user's shell: none of the npm_* variables `npm test` sets for its children. */
function userEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

/** `npm start`'s command without the shell's `exec`: the process that must receive SIGTERM itself. */
async function productionCommand(directory: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return manifest.scripts.start!.replace(/^exec /, '').split(' ');
}

interface Started {
  child: ChildProcess;
  origin: string;
  output(): string;
  exit(): Promise<number | null>;
}

/** Started in a process group of its own, so a server that outlives its parent can still be stopped. */
async function startIn(directory: string, command: string, args: string[], env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd: directory,
    detached: true,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  while (!output.includes('listening')) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, origin: `http://127.0.0.1:${port}`, output: () => output, exit: () => exited };
}

async function waitForOutput(server: Started, text: string): Promise<void> {
  while (!server.output().includes(text)) {
    if (server.child.exitCode !== null) throw new Error(`exited before logging "${text}":\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function statusOf(url: string): Promise<number> {
  const response = await request(url);
  await response.body.dump();
  return response.statusCode;
}

async function query(
  origin: string,
  document: string,
): Promise<{ status: number; body: { data?: Record<string, unknown>; errors?: unknown[] } }> {
  const response = await request(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY },
    body: JSON.stringify({ query: document }),
  });
  return { status: response.statusCode, body: (await response.body.json()) as { data?: Record<string, unknown>; errors?: unknown[] } };
}

const fakes = useFakeUpstreams();

// Raw on purpose: the installed package is spoken to with hand-built HTTP bodies, as a deployment probe would.
describe('the built package, installed as a user would with npm ci --omit=dev', () => {
  let directory: string;
  let gate: VendorGate;
  const running: Started[] = [];
  const production = () => ({
    NODE_ENV: 'production',
    CURSOR_SECRET,
    API_KEYS,
    THREADS_GRAPH_ACCESS_TOKEN: DEMO_CREDENTIALS.threadsGraphAccessToken,
    THREADS_GRAPH_BASE_URL: `${gate.url}/v1.0`,
    AISA_API_KEY: DEMO_CREDENTIALS.aisaApiKey,
    AISA_BASE_URL: fakes.providerSettings.aisa!.baseUrl,
  });

  beforeAll(async () => {
    gate = await startVendorGate(fakes.servers['threads-graph'].url);
    directory = await mkdtemp(join(tmpdir(), 'feedgraph-install-'));
    const compiler = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await run(process.execPath, [compiler, '-p', 'tsconfig.build.json', '--outDir', join(directory, 'dist')], { cwd: ROOT });
    await copyRuntimeFiles(directory);
    await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: directory, env: userEnvironment() });
  }, 240_000);

  afterAll(async () => {
    gate.release();
    for (const server of running) {
      try {
        process.kill(-server.child.pid!, 'SIGKILL');
      } catch {
        // The whole group has exited.
      }
    }
    await gate.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('holds no devDependency: no TypeScript, no tsx', () => {
    expect(existsSync(join(directory, 'node_modules', 'graphql-yoga'))).toBe(true);
    for (const devDependency of ['typescript', 'tsx', 'vitest'])
      expect(existsSync(join(directory, 'node_modules', devDependency))).toBe(false);
  });

  it('serves both platforms with NODE_ENV=production, then on SIGTERM finishes the request in flight and exits 0', async () => {
    const [command, ...args] = await productionCommand(directory);
    expect(command).toBe('node');
    expect(args).toContain('dist/server.js');
    const server = await startIn(directory, process.execPath, args, production());
    running.push(server);
    expect(await statusOf(`${server.origin}/ready`)).toBe(200);

    const both = await query(
      server.origin,
      '{ threads: user(platform: THREADS, username: "zuck") { username posts(first: 2) { edges { cursor } } } instagram: user(platform: INSTAGRAM, username: "carsoncantcode") { username } }',
    );
    expect(both.body.errors).toBeUndefined();
    expect(both.body.data).toMatchObject({
      threads: { username: 'zuck', posts: { edges: [{ cursor: expect.any(String) }, { cursor: expect.any(String) }] } },
      instagram: { username: 'carsoncantcode' },
    });

    gate.hold();
    const inFlight = query(server.origin, '{ user(platform: THREADS, username: "mosseri") { username } }');
    await gate.waitForHeld(1);
    server.child.kill('SIGTERM');
    await waitForOutput(server, 'SIGTERM: finishing in-flight requests');
    gate.release();
    expect(await inFlight).toEqual({
      status: 200,
      body: { data: { user: { username: 'mosseri' } }, extensions: { cost: expect.any(Object) } },
    });
    expect(await server.exit()).toBe(0);
  });

  it('serves the demo on purpose (DEMO=1) with GraphiQL on: fixtures and GraphiQL assets are found from dist/', async () => {
    const [, ...args] = await productionCommand(directory);
    const server = await startIn(directory, process.execPath, args, {
      NODE_ENV: 'production',
      DEMO: '1',
      GRAPHIQL: 'on',
      CURSOR_SECRET,
      API_KEYS,
    });
    running.push(server);
    const demo = await query(
      server.origin,
      '{ user(platform: INSTAGRAM, username: "carsoncantcode") { posts(first: 3) { edges { cursor } } } }',
    );
    expect(demo.body).toMatchObject({ data: { user: { posts: { edges: [{}, {}, {}] } } } });
    const page = await request(`${server.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    await page.body.text();
    const stylesheet = await request(`${server.origin}/graphiql-assets/graphiql.css`);
    expect(stylesheet.statusCode).toBe(200);
    expect((await stylesheet.body.text()).length).toBeGreaterThan(1_000);
    server.child.kill('SIGTERM');
    expect(await server.exit()).toBe(0);
  });

  it('npm start hands SIGTERM to the server, which drains and exits 0 (npm with it)', async () => {
    const server = await startIn(directory, 'npm', ['start'], production());
    running.push(server);
    expect(await statusOf(`${server.origin}/health`)).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exit()).toBe(0);
    expect(server.output()).toContain('SIGTERM: finishing in-flight requests');
    await expect(statusOf(`${server.origin}/health`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
