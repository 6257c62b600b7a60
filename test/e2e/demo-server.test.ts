import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { DEFAULT_QUERY } from '../../src/yoga.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the real `npm start` entry point (src/server.ts) with a clean environment: no keys, demo mode. */
async function startDemo(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = Date.now();
  while (!output.includes('listening')) {
    if (child.exitCode !== null || Date.now() - started > 20_000) throw new Error(`demo server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output };
}

describe('npm start on a machine with no keys', () => {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    demo = await startDemo(port);
  });

  afterAll(async () => {
    demo.child.kill('SIGTERM');
    await new Promise((resolve) => demo.child.once('exit', resolve));
  });

  it('says it is in demo mode and serves GraphiQL at /graphql', async () => {
    expect(demo.output()).toMatch(/demo mode/);
    const page = await request(url, { headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    const html = await page.body.text();
    expect(html).toMatch(/graphiql/i);
    expect(html).toContain('FirstLook');
  });

  it("answers GraphiQL's default query with demo data from both platforms", async () => {
    const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: DEFAULT_QUERY }) });
    const result = (await response.body.json()) as { data: { threads: { posts: { edges: unknown[] } }; instagram: { posts: { edges: unknown[] } }; providers: { configured: boolean }[] }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    expect(result.data.threads.posts.edges).toHaveLength(5);
    expect(result.data.instagram.posts.edges).toHaveLength(3);
    expect(result.data.providers.every((provider) => provider.configured)).toBe(true);
  });

  it('stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const second = await startDemo(port);
    second.child.kill('SIGTERM');
    const code = await new Promise((resolve) => second.child.once('exit', resolve));
    expect(code).toBe(0);
  });
});
