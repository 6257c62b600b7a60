import { readFixture } from '../../demo/fixtures.js';
import { decodeToken, encodeToken, json, startFakeServer, type FakeReply, type FakeServer, own } from '../../demo/fake-server.js';

interface Dataset {
  users: Record<string, { user: Record<string, unknown>; items: Record<string, unknown>[] }>;
}

const JUSTONEAPI_PAGE_SIZE = 12;

/** Business failures arrive as HTTP 200 with a non-zero `code`; only server faults use HTTP status codes. */
function justOneApiErrorReply(status: number): FakeReply {
  if (status === 401 || status === 403) return json(200, { code: 100, message: 'Invalid token', data: null });
  if (status === 402) return json(200, { code: 301, message: 'Insufficient balance, please recharge', data: null });
  if (status === 429) return json(200, { code: 302, message: 'Request too frequent', data: null });
  if (status === 404) return json(200, { code: 404, message: 'User not found', data: null });
  return json(status, { code: status, message: 'internal error', data: null });
}

/** JustOneAPI: token in the query, always HTTP 200 with `code` (0 = success), `data.data.items`, `data.pagination_token`. */
export function startJustOneApiFake(token: string): Promise<FakeServer> {
  const dataset = readFixture<Dataset>('justoneapi', 'dataset.json');
  return startFakeServer(
    'justoneapi',
    (request) => {
      if (request.path !== '/api/instagram/get-user-posts/v1') return json(404, { code: 404, message: 'api not found', data: null });
      if (request.query.token !== token) return json(200, { code: 100, message: 'Invalid token', data: null });
      const username = (request.query.username ?? '').toLowerCase();
      if (!username) return json(200, { code: 400, message: 'username is required', data: null });
      const account = own(dataset.users, username);
      if (!account) return json(200, { code: 404, message: 'User not found', data: null });
      const start = decodeToken('ig-user-posts', request.query.paginationToken);
      if (start === null) return json(200, { code: 400, message: 'invalid paginationToken', data: null });
      const items = account.items.slice(start, start + JUSTONEAPI_PAGE_SIZE);
      const end = start + items.length;
      return json(200, {
        code: 0,
        data: {
          data: { count: items.length, items, user: account.user },
          pagination_token: end < account.items.length ? encodeToken('ig-user-posts', end) : '',
        },
      });
    },
    justOneApiErrorReply,
  );
}
