import { readFixture } from '../../demo/fixtures.js';
import { json, startFakeServer, type FakeReply, type FakeServer, own } from '../../demo/fake-server.js';

/** Each user's profile and posts, keyed by lowercase handle. */
export interface AisaDataset {
  users: Record<string, { user: Record<string, unknown>; items: Record<string, unknown>[] }>;
}

const AISA_PAGE_SIZE = 12;

function aisaErrorReply(status: number, retryAfterSeconds?: number): FakeReply {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  const reasons: Record<number, string> = {
    401: 'Unauthorized',
    402: 'Payment Required',
    403: 'Forbidden',
    404: 'Not Found',
    429: 'Too Many Requests',
  };
  const error = reasons[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
  return { status, body: { error, message: status === 402 ? 'Insufficient balance' : `${error} (fake fault)` }, headers };
}

/**
 * AIsa's Instagram user posts: Bearer auth, 12 items a page, `next_max_id` is the id of the next item. The
 * benchmark passes a dataset of its own; everyone else gets the demo fixtures.
 */
export function startAisaFake(
  apiKey: string,
  dataset: AisaDataset = readFixture<AisaDataset>('aisa', 'dataset.json'),
): Promise<FakeServer> {
  return startFakeServer(
    'aisa',
    (request) => {
      if (request.path !== '/instagram/user/posts') return json(404, { error: 'Not Found', message: `No route for ${request.path}` });
      if (request.headers.authorization !== `Bearer ${apiKey}`)
        return json(401, { error: 'Unauthorized', message: 'Invalid or missing API key' });
      const handle = (request.query.handle ?? '').toLowerCase();
      if (!handle) return json(422, { error: 'Unprocessable Entity', message: 'handle is required' });
      const account = own(dataset.users, handle);
      if (!account) return json(404, { error: 'Not Found', message: `Instagram user ${handle} not found` });
      const cursor = request.query.next_max_id;
      const start = cursor ? account.items.findIndex((item) => item.id === cursor) : 0;
      if (start < 0) return json(400, { error: 'Bad Request', message: 'invalid next_max_id' });
      const items = account.items.slice(start, start + AISA_PAGE_SIZE);
      const next = account.items[start + AISA_PAGE_SIZE];
      return json(200, {
        items,
        // Like the real API, the last page still repeats a next_max_id; more_available is what ends the feed.
        next_max_id: next ? next.id : (items.at(-1)?.id ?? null),
        num_results: items.length,
        more_available: next !== undefined,
        user: account.user,
        status: 'ok',
      });
    },
    aisaErrorReply,
  );
}
