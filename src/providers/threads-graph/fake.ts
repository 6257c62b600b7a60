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

interface Dataset {
  me: Record<string, unknown>;
  profiles: Record<string, Record<string, unknown>>;
  posts: Record<string, Record<string, unknown>[]>;
  media: Record<string, Record<string, unknown>>;
  conversations: Record<string, Record<string, unknown>[]>;
}

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

/** Meta's error envelope: `{"error": {message, type, code, error_subcode, fbtrace_id}}`. */
function metaError(status: number, message: string, type: string, code: number, subcode?: number): FakeReply {
  return json(status, { error: { message, type, code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AbCdEfGhIjKlMnOp' } });
}

function unsupported(id: string): FakeReply {
  return metaError(
    400,
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
    'GraphMethodException',
    100,
    33,
  );
}

/** `fields=` as a tree: `a,b{c,d{e}}` is { a: null, b: { c: null, d: { e: null } } }. */
type FieldTree = Map<string, FieldTree | null>;

function parseFields(text: string): FieldTree {
  const root: FieldTree = new Map();
  const stack: FieldTree[] = [root];
  let name = '';
  const flush = () => {
    if (name.trim()) stack.at(-1)!.set(name.trim(), null);
    name = '';
  };
  for (const character of text) {
    if (character === ',') flush();
    else if (character === '{') {
      const nested: FieldTree = new Map();
      stack.at(-1)!.set(name.trim(), nested);
      stack.push(nested);
      name = '';
    } else if (character === '}') {
      flush();
      if (stack.length > 1) stack.pop();
    } else name += character;
  }
  flush();
  return root;
}

/**
 * Answers only the fields asked for in `fields=` (plus id), as the Graph API does, nested ones included: an
 * edge (`children`) asked for without braces answers its items' ids only.
 */
function project(object: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  return projectTree(object, parseFields(fields ?? ''));
}

function projectTree(object: Record<string, unknown>, tree: FieldTree): Record<string, unknown> {
  const projected: Record<string, unknown> = 'id' in object ? { id: object.id } : {};
  for (const [name, nested] of tree) {
    const value = object[name];
    if (value === undefined) continue;
    projected[name] = projectValue(value, nested);
  }
  return projected;
}

function projectValue(value: unknown, nested: FieldTree | null): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.data))
    return { data: (record.data as Record<string, unknown>[]).map((item) => projectTree(item, nested ?? new Map())) };
  return nested ? projectTree(record, nested) : value;
}

/** Meta allows `owner` only on the token owner's own posts; on profile_posts the seed excepts it. */
function forbiddenField(fields: string | undefined, forbidden: string): FakeReply | null {
  if (!parseFields(fields ?? '').has(forbidden)) return null;
  return metaError(400, `(#100) Tried accessing nonexisting field (${forbidden}) on node type (ThreadsMedia)`, 'THApiException', 100);
}

function timeOf(value: string | undefined): number | null {
  if (!value) return null;
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value) / 1000;
}

function paged(request: RecordedRequest, path: string, all: Record<string, unknown>[]): FakeReply {
  const limit = request.query.limit ? Number(request.query.limit) : DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    return metaError(400, `(#100) The parameter limit must be between 1 and ${MAX_LIMIT}`, 'THApiException', 100);
  const since = timeOf(request.query.since);
  const until = timeOf(request.query.until);
  const window = all.filter((item) => {
    const seconds = Date.parse(String(item.timestamp).replace(/(\d{2})(\d{2})$/, '$1:$2')) / 1000;
    return (since === null || seconds >= since) && (until === null || seconds <= until);
  });
  // An `after` cursor marks the end of a page, a `before` cursor its start; paging backwards reads the `limit` items before it.
  const end = request.query.before ? decodeToken('before', request.query.before) : null;
  const start = end !== null ? Math.max(0, end - limit) : decodeToken('after', request.query.after);
  if (start === null || (request.query.before && end === null))
    return metaError(400, '(#100) Invalid pagination cursor', 'THApiException', 100);
  const from = start;
  const data = window.slice(from, end ?? from + limit).map((item) => project(item, request.query.fields));
  const stop = from + data.length;
  const cursors = { before: encodeToken('before', from), after: encodeToken('after', stop) };
  const nextQuery = new URLSearchParams({ ...request.query, after: cursors.after });
  nextQuery.delete('before');
  return json(200, {
    data,
    paging: {
      cursors,
      // Like Meta's, these links repeat the query, access token included: never show them to clients.
      ...(stop < window.length ? { next: `https://graph.threads.net/v1.0${path}?${nextQuery}` } : {}),
      ...(from > 0 ? { previous: `https://graph.threads.net/v1.0${path}?before=${cursors.before}` } : {}),
    },
  });
}

/** Meta's answers to failures: a bad token is code 190 (as HTTP 400), rate limits code 4, transient errors code 2. */
function metaErrorReply(status: number): FakeReply {
  if (status === 401 || status === 403)
    return metaError(400, 'Error validating access token: Session has expired.', 'OAuthException', 190, 463);
  if (status === 429) return metaError(400, '(#4) Application request limit reached', 'OAuthException', 4);
  if (status === 404) return unsupported('0');
  if (status >= 500) return metaError(status, 'An unexpected error has occurred. Please retry your request later.', 'OAuthException', 2);
  return metaError(status, '(#100) Invalid parameter', 'THApiException', 100);
}

export function startThreadsGraphFake(accessToken: string): Promise<FakeServer> {
  const dataset = readFixture<Dataset>('threads-graph', 'dataset.json');
  return startFakeServer(
    'threads-graph',
    (request) => {
      if (request.method !== 'GET') return metaError(400, 'Unsupported method', 'THApiException', 100);
      const token = request.query.access_token ?? request.headers.authorization?.replace(/^Bearer /, '');
      if (!token)
        return metaError(400, 'An active access token must be used to query information about the current user.', 'OAuthException', 2500);
      if (token !== accessToken) return metaError(400, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException', 190);
      const path = request.path.replace(/^\/v1\.0/, '');
      if (path === '/me') return json(200, project(dataset.me, request.query.fields));
      if (path === '/me/threads' || path === `/${String(dataset.me.id)}/threads`)
        return paged(request, path, dataset.posts[String(dataset.me.username)] ?? []);
      if (path === '/profile_lookup' || path === '/profile_posts') {
        const username = (request.query.username ?? '').toLowerCase();
        const profile = own(dataset.profiles, username);
        if (!username) return metaError(400, '(#100) The parameter username is required', 'THApiException', 100);
        // Meta answers alike for a missing profile and one it will not disclose (private, under 18, < 1,000 followers).
        if (!profile || profile.private)
          return metaError(
            400,
            `(#100) Object with username '${username}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
            'THApiException',
            100,
            33,
          );
        if (path === '/profile_lookup') return json(200, profile);
        return forbiddenField(request.query.fields, 'owner') ?? paged(request, path, own(dataset.posts, username) ?? []);
      }
      const edge = /^\/(\d+)\/(replies|conversation)$/.exec(path);
      if (edge?.[1]) {
        if (!own(dataset.media, edge[1])) return unsupported(edge[1]);
        const conversation = own(dataset.conversations, edge[1]) ?? [];
        const replies =
          edge[2] === 'replies' ? conversation.filter((reply) => (reply.replied_to as { id: string }).id === edge[1]) : conversation;
        return paged(request, path, request.query.reverse === 'false' ? replies : [...replies].reverse());
      }
      const single = /^\/(\d+)$/.exec(path);
      if (single?.[1]) {
        const media = own(dataset.media, single[1]);
        return media ? json(200, project(media, request.query.fields)) : unsupported(single[1]);
      }
      return metaError(400, `Unknown path components: ${path}`, 'OAuthException', 2500);
    },
    metaErrorReply,
  );
}
