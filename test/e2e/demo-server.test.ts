import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { DEFAULT_QUERY } from '../../src/yoga.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

describe('npm start on a machine with no keys', () => {
  let demo: ServerProcess;
  let url: string;

  beforeAll(async () => {
    demo = await startServerProcess();
    url = demo.url;
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

  it("answers GraphiQL's default query with demo data from both platforms: a poll, a deep conversation, a self-thread", async () => {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: DEFAULT_QUERY }),
    });
    type Conversation = { thread: { items: unknown[]; replies: { edges: { node: { depth: number } }[] } } };
    const result = (await response.body.json()) as {
      data: {
        threads: { posts: { edges: { node: { poll: unknown } }[] } };
        conversations: { posts: { edges: { node: Conversation }[] } };
        instagram: { posts: { edges: unknown[] } };
        providers: { configured: boolean }[];
      };
      errors?: unknown;
    };
    expect(result.errors).toBeUndefined();
    expect(result.data.threads.posts.edges).toHaveLength(9);
    expect(result.data.threads.posts.edges.some((edge) => edge.node.poll !== null)).toBe(true);
    const [deep, selfThread] = result.data.conversations.posts.edges.map((edge) => edge.node.thread);
    expect(deep?.replies.edges.map((edge) => edge.node.depth)).toContain(3);
    expect(selfThread?.items).toHaveLength(3);
    expect(result.data.instagram.posts.edges).toHaveLength(3);
    expect(result.data.providers.every((provider) => provider.configured)).toBe(true);
  });

  it('stops cleanly on SIGTERM', async () => {
    const second = await startServerProcess();
    second.child.kill('SIGTERM');
    const code = await new Promise((resolve) => second.child.once('exit', resolve));
    expect(code).toBe(0);
  });
});
