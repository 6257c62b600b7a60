import { readFileSync } from 'node:fs';
import { json, own, startFakeServer, type FakeServer } from '../../../src/demo/fake-server.js';

interface Dataset {
  users: Record<string, { user: Record<string, unknown>; posts: Array<Record<string, unknown>> }>;
}

const POSTBOX_PAGE_SIZE = 2;

/** Postbox over loopback from dataset.json: key in `x-postbox-key`, two posts a page, the cursor is the next offset. */
export function startPostboxFake(apiKey: string): Promise<FakeServer> {
  const dataset = JSON.parse(readFileSync(new URL('./dataset.json', import.meta.url), 'utf8')) as Dataset;
  return startFakeServer('postbox', (request) => {
    const match = /^\/v1\/users\/([^/]+)\/posts$/.exec(request.path);
    if (!match?.[1]) return json(404, { message: `no route for ${request.path}` });
    if (request.headers['x-postbox-key'] !== apiKey) return json(401, { message: 'bad key' });
    const account = own(dataset.users, decodeURIComponent(match[1]).toLowerCase());
    if (!account) return json(404, { message: 'no such user' });
    const start = Number(request.query.cursor ?? '0');
    const next = start + POSTBOX_PAGE_SIZE;
    return json(200, {
      user: account.user,
      posts: account.posts.slice(start, next),
      next_cursor: next < account.posts.length ? String(next) : null,
    });
  });
}
