import { readFixture } from '../../demo/fixtures.js';
import { json, startFakeServer, type FakeReply, type FakeServer, own } from '../../demo/fake-server.js';

interface Dataset {
  users: Record<string, { posts: Record<string, unknown>[] }>;
}

/** SociaVault's documented error bodies: `{error}` everywhere, plus `required`/`available` on 402. */
function sociaVaultErrorReply(status: number, retryAfterSeconds?: number): FakeReply {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  if (status === 401 || status === 403)
    return { status: 401, body: { error: 'Invalid API key', docs: 'https://docs.sociavault.com/authentication' }, headers };
  if (status === 402) return { status, body: { error: 'Insufficient credits', required: 1, available: 0 }, headers };
  if (status === 429) return { status, body: { error: 'Rate limit exceeded' }, headers };
  if (status >= 500) return { status, body: { error: 'Service configuration error' }, headers };
  return { status, body: { error: 'Missing required parameter: handle', endpoint: 'user-posts', credits_required: 1 }, headers };
}

/** SociaVault's Threads user-posts endpoint: X-API-Key auth, posts keyed "0".."n", 1 credit a call. */
export function startSociaVaultFake(apiKey: string, options: { credits?: number } = {}): Promise<FakeServer> {
  const dataset = readFixture<Dataset>('sociavault', 'dataset.json');
  const seed = readFixture<{ data: { posts: Record<string, unknown> } }>('sociavault', 'seed-user-posts.json');
  let credits = options.credits ?? 10_000;
  return startFakeServer(
    'sociavault',
    (request) => {
      if (request.path !== '/v1/scrape/threads/user-posts') return json(404, { error: 'Endpoint not found' });
      if (request.headers['x-api-key'] !== apiKey)
        return json(401, { error: 'Invalid API key', docs: 'https://docs.sociavault.com/authentication' });
      const handle = (request.query.handle ?? '').toLowerCase();
      if (!handle) return json(400, { error: 'Missing required parameter: handle', endpoint: 'user-posts', credits_required: 1 });
      if (credits < 1) return json(402, { error: 'Insufficient credits', required: 1, available: credits });
      // The seed's account answers with the documented example response, verbatim.
      if (handle === 'trendspider') {
        credits -= 1;
        return json(200, seed);
      }
      const user = own(dataset.users, handle);
      if (!user) return json(404, { error: `User not found: ${handle}` });
      credits -= 1;
      const posts = Object.fromEntries(user.posts.map((post, index) => [String(index), post]));
      return json(200, { success: true, data: { success: true, posts }, credits_used: 1, endpoint: 'user-posts' });
    },
    sociaVaultErrorReply,
  );
}
