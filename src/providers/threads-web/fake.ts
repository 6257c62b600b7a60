import { randomBytes } from 'node:crypto';
import { readFixture } from '../../demo/fixtures.js';
import {
  decodeToken,
  encodeToken,
  json,
  startFakeServer,
  type FakeReply,
  type FakeServer,
  type RecordedRequest,
  own,
} from '../../demo/fake-server.js';

interface Account {
  id: string;
  publicUser: Record<string, unknown>;
  privateUser: Record<string, unknown>;
  posts: string[];
  replies: [string, string][];
}

interface Dataset {
  users: Record<string, Account>;
  posts: Record<string, { public: Record<string, unknown>; private: Record<string, unknown> }>;
  codes: Record<string, string>;
  /** Reply chains under a post: each direct reply and the one answer the web shows inline under it. */
  conversations: Record<string, string[][]>;
  /** A self-thread's root and its author's continuation, which the post page shows as one thread. */
  containing: Record<string, string[]>;
  likers: Record<string, Record<string, unknown>[]>;
  followers: Record<string, Record<string, unknown>[]>;
  following: Record<string, Record<string, unknown>[]>;
  searchable: Record<string, unknown>[];
}

type Shape = 'public' | 'private';

const APP_ID = '238260118697367';
const PROFILE_PAGE_SIZE = 15;
const REPLY_PAGE_SIZE = 10;
const FRIENDSHIP_PAGE_SIZE = 25;
/** The mobile API is mounted under this prefix of the same fake server. */
export const PRIVATE_API_PREFIX = '/api/v1';

function html(status: number, body: string): FakeReply {
  return {
    status,
    body: `<!DOCTYPE html><html><head><title>Threads</title></head><body>${body}</body></html>`,
    contentType: 'text/html; charset=utf-8',
  };
}

/** The mobile API writes 64-bit ids as bare JSON numbers, which JSON.parse rounds: reproduce that. */
function mobileJson(status: number, body: unknown): FakeReply {
  return { status, body: JSON.stringify(body).replace(/"pk":"(\d+)"/g, '"pk":$1') };
}

function mobileError(status: number, message: string): FakeReply {
  return json(status, { message, status: 'fail', ...(message === 'login_required' ? { error_type: 'login_required' } : {}) });
}

/** The mobile API's failure bodies; the web app shares them for its JSON endpoints. */
function threadsWebErrorReply(status: number, retryAfterSeconds?: number): FakeReply {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  if (status === 401 || status === 403) return { ...mobileError(403, 'login_required'), headers };
  if (status === 429)
    return { status, body: { message: 'Please wait a few minutes before you try again.', status: 'fail', spam: true }, headers };
  if (status === 404) return { ...mobileError(404, 'Page not found'), headers };
  return { status, body: { message: 'Oops, an error occurred.', status: 'fail' }, headers };
}

/** The web's answer to a stale, unknown or missing lsd: Meta's ajax error envelope behind its anti-hijacking prefix. */
function staleSessionReply(): FakeReply {
  // 1357004 and the for (;;); prefix: fbchat-dev/fbchat fbchat/_exception.py and _util.py; HTTP 400 is assumed (docs/providers.md).
  const envelope = {
    __ar: 1,
    error: 1357004,
    errorSummary: 'Sorry, something went wrong',
    errorDescription: 'Please try closing and re-opening your browser window.',
    payload: null,
  };
  return { status: 400, body: `for (;;);${JSON.stringify(envelope)}`, contentType: 'text/javascript; charset=utf-8' };
}

/** The anonymous web session: the lsd token every page hands out, which the GraphQL endpoint accepts until it expires. */
function webSession() {
  const mint = () => randomBytes(8).toString('base64url');
  let usesPerToken: number | null = null;
  let current = mint();
  let usesLeft = Number.POSITIVE_INFINITY;
  const renew = () => {
    current = mint();
    usesLeft = usesPerToken ?? Number.POSITIVE_INFINITY;
  };
  return {
    /** The token a page carries: a new one once the last was spent. */
    handOut(): string {
      if (usesLeft <= 0) renew();
      return current;
    },
    /** Whether a GraphQL request may use `token`, counting the use. */
    accept(token: string | undefined): boolean {
      if (token !== current || usesLeft <= 0) return false;
      usesLeft -= 1;
      return true;
    },
    expire: renew,
    setUses(uses: number | null): void {
      usesPerToken = uses;
      renew();
    },
  };
}

/** The threads-web fake, with control over the anonymous web session for tests. */
export interface ThreadsWebFakeServer extends FakeServer {
  /** Expires the current lsd token: requests still carrying it are refused, and pages hand out a new one. */
  expireLsd(): void;
  /** Each lsd token is accepted this many times, then refused (0: every token is refused); null: tokens never expire. */
  setLsdUses(uses: number | null): void;
}

/** The unofficial Threads endpoints: the anonymous web app (lsd + doc_id GraphQL) and the token-authenticated mobile API. */
export async function startThreadsWebFake(token: string): Promise<ThreadsWebFakeServer> {
  const dataset = readFixture<Dataset>('threads-web', 'dataset.json');
  const session = webSession();
  const accountById = (id: string) => Object.values(dataset.users).find((account) => account.id === id);
  const post = (id: string, shape: Shape) => own(dataset.posts, id)?.[shape];
  const thread = (ids: string[], shape: Shape) => ({
    thread_items: ids.map((id) => ({
      post: post(id, shape),
      line_type: 'line',
      view_replies_cta_string: null,
      should_show_replies_cta: false,
    })),
    thread_type: 'thread',
    header: null,
    id: ids[0],
  });
  const conversation = (id: string, shape: Shape) => ({
    containing_thread: thread(own(dataset.containing, id) ?? [id], shape),
    reply_threads: (own(dataset.conversations, id) ?? []).map((chain) => thread(chain, shape)),
  });
  const page = <T>(all: T[], start: number, size: number) => ({
    items: all.slice(start, start + size),
    next: start + size < all.length ? start + size : null,
  });
  const lsdScript = () => `<script>["LSD",[],{"token":"${session.handOut()}"},323]</script>`;

  function web(request: RecordedRequest): FakeReply {
    if (request.method === 'GET' && request.path === '/') return html(200, lsdScript());
    const profile = /^\/@([A-Za-z0-9._]+)$/.exec(request.path);
    if (request.method === 'GET' && profile?.[1]) {
      const account = own(dataset.users, profile[1].toLowerCase());
      return account
        ? html(200, `${lsdScript()}<script>{"props":{"user_id":"${account.id}","username":"${profile[1]}"}}</script>`)
        : html(404, "Sorry, this page isn't available.");
    }
    const postPage = /^\/t\/([A-Za-z0-9_-]+)\/?$/.exec(request.path);
    if (request.method === 'GET' && postPage?.[1]) {
      const id = own(dataset.codes, postPage[1]);
      return id ? html(200, `<script>{"post_id":"${id}"}</script>`) : html(404, "Sorry, this page isn't available.");
    }
    if (request.method === 'POST' && request.path === '/api/graphql') return graphql(request);
    return html(404, 'Not found');
  }

  function graphql(request: RecordedRequest): FakeReply {
    if (request.headers['x-fb-lsd'] !== request.form.lsd || request.headers['x-ig-app-id'] !== APP_ID || !session.accept(request.form.lsd))
      return staleSessionReply();
    const variables = JSON.parse(request.form.variables ?? '{}') as Record<string, string>;
    const account = variables.userID ? accountById(String(variables.userID)) : undefined;
    switch (request.form.doc_id) {
      case '23996318473300828':
        return json(200, { data: { userData: { user: account?.publicUser ?? null } }, extensions: { is_final: true } });
      case '6232751443445612':
        return json(200, {
          data: { mediaData: { threads: (account?.posts ?? []).map((id) => thread([id], 'public')) } },
          extensions: { is_final: true },
        });
      case '6307072669391286':
        return json(200, {
          data: { mediaData: { threads: (account?.replies ?? []).map((ids) => thread(ids, 'public')) } },
          extensions: { is_final: true },
        });
      case '5587632691339264': {
        const id = String(variables.postID);
        return json(200, { data: { data: post(id, 'public') ? conversation(id, 'public') : null }, extensions: { is_final: true } });
      }
      case '9360915773983802':
        return json(200, {
          data: { likers: { users: own(dataset.likers, String(variables.mediaID)) ?? [] } },
          extensions: { is_final: true },
        });
      default:
        return json(200, { errors: [{ message: `Unknown doc_id ${request.form.doc_id ?? ''}`, severity: 'CRITICAL' }] });
    }
  }

  function mobile(request: RecordedRequest, path: string): FakeReply {
    if (request.headers.authorization !== `Bearer IGT:2:${token}`) return mobileError(403, 'login_required');
    const route = /^\/(users|text_feed|media|friendships)\/(\d+|search)\/(.*)$/.exec(path);
    if (!route) return mobileError(404, 'Page not found');
    const [, resource, id = '', rest] = route;
    const maxId = (prefix: string) => decodeToken(prefix, request.query.max_id);
    if (resource === 'users' && id === 'search' && rest === '') {
      const query = (request.query.q ?? '').toLowerCase();
      const users = dataset.searchable.filter(
        (user) => String(user.username).includes(query) || String(user.full_name).toLowerCase().includes(query),
      );
      return mobileJson(200, {
        num_results: users.length,
        users: users.slice(0, 50),
        has_more: users.length > 50,
        rank_token: '21af3266-ddec-4166-b00c-091a580a54a8',
        status: 'ok',
      });
    }
    if (resource === 'users' && rest === 'info/') {
      const account = accountById(id);
      return account ? mobileJson(200, { user: account.privateUser, status: 'ok' }) : mobileError(404, 'User not found');
    }
    if (resource === 'text_feed' && (rest === 'profile/' || rest === 'profile/replies/')) {
      const account = accountById(id);
      if (!account) return mobileError(404, 'User not found');
      const start = maxId('profile');
      if (start === null) return mobileError(400, 'Invalid max_id');
      const threads: string[][] = rest === 'profile/' ? account.posts.map((postId) => [postId]) : account.replies;
      const { items, next } = page(threads, start, PROFILE_PAGE_SIZE);
      return mobileJson(200, {
        medias: [],
        threads: items.map((ids) => thread(ids, 'private')),
        ...(next !== null ? { next_max_id: encodeToken('profile', next) } : {}),
        status: 'ok',
      });
    }
    if (resource === 'text_feed' && (rest === 'replies/' || rest === 'replies')) {
      if (!post(id, 'private')) return mobileError(404, 'Media not found or unavailable');
      const start = decodeToken('replies', request.query.paging_token);
      if (start === null) return mobileError(400, 'Invalid paging_token');
      const full = conversation(id, 'private');
      const { items, next } = page(full.reply_threads, start, REPLY_PAGE_SIZE);
      return mobileJson(200, {
        containing_thread: full.containing_thread,
        reply_threads: items,
        paging_tokens: { downwards: next !== null ? encodeToken('replies', next) : null },
        downwards_thread_will_continue: next !== null,
        status: 'ok',
      });
    }
    if (resource === 'media' && rest === 'likers/') {
      const users = own(dataset.likers, id) ?? [];
      return mobileJson(200, { users, user_count: users.length, status: 'ok' });
    }
    if (resource === 'friendships' && (rest === 'followers/' || rest === 'following/')) {
      const all = own(rest === 'followers/' ? dataset.followers : dataset.following, id);
      if (!all)
        return accountById(id)
          ? mobileJson(200, { users: [], big_list: false, page_size: FRIENDSHIP_PAGE_SIZE, has_more: false, status: 'ok' })
          : mobileError(404, 'User not found');
      const start = request.query.max_id ? Number(request.query.max_id) : 0;
      if (!Number.isInteger(start) || start < 0) return mobileError(400, 'Invalid max_id');
      const { items, next } = page(all, start, FRIENDSHIP_PAGE_SIZE);
      // Friendship lists page with a plain numeric offset as max_id.
      return mobileJson(200, {
        users: items,
        big_list: next !== null,
        page_size: FRIENDSHIP_PAGE_SIZE,
        ...(next !== null ? { next_max_id: String(next) } : {}),
        has_more: next !== null,
        status: 'ok',
      });
    }
    return mobileError(404, 'Page not found');
  }

  const server = await startFakeServer(
    'threads-web',
    (request) =>
      request.path.startsWith(`${PRIVATE_API_PREFIX}/`) ? mobile(request, request.path.slice(PRIVATE_API_PREFIX.length)) : web(request),
    threadsWebErrorReply,
  );
  return Object.assign(server, { expireLsd: session.expire, setLsdUses: session.setUses });
}
