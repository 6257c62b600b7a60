import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depthFirst, instagramWorld, threadsWorld, type CanonicalUser } from '../../fixtures/generate/canonical.js';
import { UserPostsInWindowQuery } from '../documents/users.js';
import { envFor, GraphServer, type QueryResult, useFakeUpstreams } from '../support/graph-server.js';
import { present } from '../support/present.js';
import { type SetupId, setup as setupWithId } from '../support/setups.js';

interface ConnectionCase {
  name: string;
  setup: SetupId;
  /** Raw on purpose: one property walks twenty connections, so each case builds its query for a direction. A query with $first/$after (or $last/$before) whose connection is at `path`, selecting `edges { cursor node { … } }`. */
  query: (direction: 'forward' | 'backward') => string;
  path: string[];
  key: (node: Record<string, unknown>) => string;
  expected: string[];
  backward?: boolean;
}

const threads = threadsWorld();
const instagram = instagramWorld();
const account = (world: typeof threads, username: string) => world.accounts.find((candidate) => candidate.user.username === username)!;
const [zuck, mosseri] = [account(threads, 'zuck'), account(threads, 'mosseri')];
const conversation = threads.conversations[0]!;
const usernames = (users: CanonicalUser[]) => users.map((user) => user.username);

const page = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const args = (direction: 'forward' | 'backward') =>
  direction === 'forward' ? '(first: $size, after: $cursor)' : '(last: $size, before: $cursor)';
const vars = '($size: Int!, $cursor: String)';
const userConnection = (platform: string, username: string, field: string, node: string) => (direction: 'forward' | 'backward') =>
  `query${vars} { user(platform: ${platform}, username: "${username}") { ${field}${args(direction)} { edges { cursor node { ${node} } } ${page} } } }`;
const postConnection = (id: string, field: string, node: string) => (direction: 'forward' | 'backward') =>
  `query${vars} { post(platform: THREADS, id: "${id}") { ${field}${args(direction)} { edges { cursor node { ${node} } } ${page} } } }`;
const threadConnection = (id: string) => (direction: 'forward' | 'backward') =>
  `query${vars} { post(platform: THREADS, id: "${id}") { thread { replies${args(direction)} { edges { cursor node { post { nativeId } } } ${page} } } } }`;

const nativeId = (node: Record<string, unknown>) => String(node.nativeId);
const replyId = (node: Record<string, unknown>) => String((node.post as { nativeId: string }).nativeId);
const likerName = (node: Record<string, unknown>) => String((node.user as { username: string }).username);
const username = (node: Record<string, unknown>) => String(node.username);
const ids = (posts: { id: string }[]) => posts.map((post) => post.id);

const CASES: ConnectionCase[] = [
  {
    name: 'Threads Graph User.posts (zuck, 45)',
    setup: 'threads-graph',
    query: userConnection('THREADS', 'zuck', 'posts', 'nativeId'),
    path: ['user', 'posts'],
    key: nativeId,
    expected: ids(zuck.posts),
    backward: true,
  },
  {
    name: 'Threads Graph User.posts (mosseri, 8)',
    setup: 'threads-graph',
    query: userConnection('THREADS', 'mosseri', 'posts', 'nativeId'),
    path: ['user', 'posts'],
    key: nativeId,
    expected: ids(mosseri.posts),
    backward: true,
  },
  {
    name: 'Threads Graph Post.replies',
    setup: 'threads-graph',
    query: postConnection(conversation.root.id, 'replies', 'post { nativeId }'),
    path: ['post', 'replies'],
    key: replyId,
    expected: ids(conversation.replies.map((reply) => reply.post)),
    backward: true,
  },
  {
    name: 'Threads Graph Thread.replies',
    setup: 'threads-graph',
    query: threadConnection(conversation.root.id),
    path: ['post', 'thread', 'replies'],
    key: replyId,
    expected: ids(depthFirst(conversation.replies)),
    backward: true,
  },
  {
    name: 'SociaVault User.posts (offsets over one list)',
    setup: 'sociavault',
    query: userConnection('THREADS', 'zuck', 'posts', 'nativeId'),
    path: ['user', 'posts'],
    key: nativeId,
    expected: ids(zuck.posts.slice(0, 30)),
  },
  {
    name: 'AIsa User.posts',
    setup: 'aisa',
    query: userConnection('INSTAGRAM', 'carsoncantcode', 'posts', 'nativeId'),
    path: ['user', 'posts'],
    key: nativeId,
    expected: ids(account(instagram, 'carsoncantcode').posts),
  },
  {
    name: 'AIsa User.posts (13)',
    setup: 'aisa',
    query: userConnection('INSTAGRAM', 'yifei_cc', 'posts', 'nativeId'),
    path: ['user', 'posts'],
    key: nativeId,
    expected: ids(account(instagram, 'yifei_cc').posts),
  },
  {
    name: 'JustOneAPI User.posts',
    setup: 'justoneapi',
    query: userConnection('INSTAGRAM', 'carsoncantcode', 'posts', 'nativeId'),
    path: ['user', 'posts'],
    key: nativeId,
    expected: ids(account(instagram, 'carsoncantcode').posts),
  },
  {
    name: 'threads-web mobile User.posts',
    setup: 'threads-web',
    query: userConnection('THREADS', 'zuck', 'posts', 'nativeId'),
    path: ['user', 'posts'],
    key: nativeId,
    expected: ids(zuck.posts),
  },
  {
    name: 'threads-web mobile User.replies',
    setup: 'threads-web',
    query: userConnection('THREADS', 'zuck', 'replies', 'post { nativeId }'),
    path: ['user', 'replies'],
    key: replyId,
    expected: ids(zuck.replies),
  },
  {
    name: 'threads-web mobile User.followers',
    setup: 'threads-web',
    query: userConnection('THREADS', 'zuck', 'followers', 'username'),
    path: ['user', 'followers'],
    key: username,
    expected: usernames(threads.followers[zuck.user.id]!),
  },
  {
    name: 'threads-web mobile User.following',
    setup: 'threads-web',
    query: userConnection('THREADS', 'zuck', 'following', 'username'),
    path: ['user', 'following'],
    key: username,
    expected: usernames(threads.following[zuck.user.id]!),
  },
  {
    name: 'threads-web mobile Post.likers',
    setup: 'threads-web',
    query: postConnection(zuck.posts[0]!.id, 'likers', 'user { username }'),
    path: ['post', 'likers'],
    key: likerName,
    expected: usernames(threads.likers[zuck.posts[0]!.id]!),
  },
  {
    name: 'threads-web mobile Post.replies',
    setup: 'threads-web',
    query: postConnection(conversation.root.id, 'replies', 'post { nativeId }'),
    path: ['post', 'replies'],
    key: replyId,
    expected: ids(conversation.replies.map((reply) => reply.post)),
  },
  {
    name: 'threads-web mobile Thread.replies',
    setup: 'threads-web',
    query: threadConnection(conversation.root.id),
    path: ['post', 'thread', 'replies'],
    key: replyId,
    expected: ids(depthFirst(conversation.replies)),
  },
  {
    name: 'threads-web mobile searchUsers',
    setup: 'threads-web',
    query: (direction) =>
      `query${vars} { searchUsers(platform: THREADS, query: "fan"${direction === 'forward' ? ', first: $size, after: $cursor' : ', last: $size, before: $cursor'}) { edges { cursor node { username } } ${page} } }`,
    path: ['searchUsers'],
    key: username,
    expected: usernames(threads.everyone.filter((user) => user.username.includes('fan'))).slice(0, 50),
  },
  {
    name: 'threads-web web User.posts',
    setup: 'threads-web-public',
    query: userConnection('THREADS', 'zuck', 'posts', 'nativeId'),
    path: ['user', 'posts'],
    key: nativeId,
    expected: ids(zuck.posts),
  },
  {
    name: 'threads-web web User.replies',
    setup: 'threads-web-public',
    query: userConnection('THREADS', 'zuck', 'replies', 'post { nativeId }'),
    path: ['user', 'replies'],
    key: replyId,
    expected: ids(zuck.replies),
  },
  {
    name: 'threads-web web Post.likers',
    setup: 'threads-web-public',
    query: postConnection(conversation.root.id, 'likers', 'user { username }'),
    path: ['post', 'likers'],
    key: likerName,
    expected: usernames(threads.likers[conversation.root.id]!),
  },
  {
    name: 'threads-web web Thread.replies',
    setup: 'threads-web-public',
    query: threadConnection(conversation.root.id),
    path: ['post', 'thread', 'replies'],
    key: replyId,
    expected: ids(depthFirst(conversation.replies)),
  },
];

interface PageResult {
  edges: { cursor: string; node: Record<string, unknown> }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const fakes = useFakeUpstreams();
const servers = new Map<SetupId, GraphServer>();

beforeAll(async () => {
  for (const setup of new Set(CASES.map((testCase) => testCase.setup)))
    servers.set(setup, await GraphServer.inProcess(envFor(fakes, [setup])));
});

afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

async function readPage(
  testCase: ConnectionCase,
  direction: 'forward' | 'backward',
  size: number,
  cursor: string | null,
): Promise<PageResult> {
  const result = await servers.get(testCase.setup)!.query(testCase.query(direction), { size, cursor });
  expect(result.errors).toBeUndefined();
  let value: unknown = result.data;
  for (const step of testCase.path) value = (value as Record<string, unknown>)[step];
  const connection = value as PageResult;
  expect(connection.pageInfo.startCursor).toBe(connection.edges[0]?.cursor ?? null);
  expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
  return connection;
}

/** Walks forward from `cursor` with the given page sizes (cycling), checking pageInfo on every page. */
async function walkForward(testCase: ConnectionCase, sizes: number[], cursor: string | null) {
  const keys: string[] = [];
  const cursors: string[] = [];
  let after = cursor;
  for (let index = 0; index < 500; index += 1) {
    const connection = await readPage(testCase, 'forward', sizes[index % sizes.length]!, after);
    expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
    keys.push(...connection.edges.map((edge) => testCase.key(edge.node)));
    cursors.push(...connection.edges.map((edge) => edge.cursor));
    if (!connection.pageInfo.hasNextPage) return { keys, cursors };
    expect(connection.edges.length).toBe(sizes[index % sizes.length]);
    after = connection.pageInfo.endCursor;
  }
  throw new Error('walk did not end');
}

describe.each(CASES)('$name', (testCase) => {
  it("walks every item exactly once, in the vendor's order, with random page sizes and random resume points", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 100 }),
        fc.nat(),
        async (sizes, resumeSize, resumeSeed) => {
          const walk = await walkForward(testCase, sizes, null);
          expect(walk.keys).toEqual(testCase.expected);
          if (walk.cursors.length === 0) return;
          const resumeAt = resumeSeed % walk.cursors.length;
          const resumed = await walkForward(testCase, [resumeSize], walk.cursors[resumeAt]!);
          expect(resumed.keys).toEqual(testCase.expected.slice(resumeAt + 1));
        },
      ),
      { numRuns: 20 },
    );
  });

  if (testCase.backward) {
    it('pages backward from any cursor with random sizes to the start, exactly once and in order', async () => {
      const all = await walkForward(testCase, [100], null);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: all.cursors.length - 1 }), fc.integer({ min: 1, max: 100 }), async (from, size) => {
          const keys: string[] = [];
          let before: string | null = all.cursors[from]!;
          for (let index = 0; index < 500 && before; index += 1) {
            const connection = await readPage(testCase, 'backward', size, before);
            expect(connection.pageInfo.hasNextPage).toBe(true);
            keys.unshift(...connection.edges.map((edge) => testCase.key(edge.node)));
            before = connection.pageInfo.hasPreviousPage ? connection.pageInfo.startCursor : null;
          }
          expect(keys).toEqual(testCase.expected.slice(0, from));
        }),
        { numRuns: 20 },
      );
    });
  }
});

describe.each([
  { ...setupWithId('threads-graph'), posts: zuck.posts },
  { ...setupWithId('threads-web'), posts: zuck.posts },
  { ...setupWithId('sociavault'), posts: zuck.posts.slice(0, 30) },
  { ...setupWithId('justoneapi'), posts: account(instagram, 'carsoncantcode').posts },
])('User.posts(since, until) on $id', ({ id: setup, platform, username, posts }) => {
  const times = posts.map((post) => post.takenAt);
  const [oldest, newest] = [Math.min(...times), Math.max(...times)];

  it('returns exactly the posts in the window, once each, in order, for random windows and page sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: oldest - 86_400, max: newest + 86_400 }),
        fc.integer({ min: 0, max: 40 * 86_400 }),
        fc.integer({ min: 1, max: 30 }),
        async (start, length, size) => {
          const [since, until] = [new Date(start * 1000), new Date((start + length) * 1000)];
          const expected = posts
            .filter((post) => post.takenAt * 1000 >= since.getTime() && post.takenAt * 1000 <= until.getTime())
            .map((post) => post.id);
          const seen: string[] = [];
          let cursor: string | null = null;
          for (let index = 0; index < 100; index += 1) {
            const result: QueryResult<typeof UserPostsInWindowQuery> = await servers
              .get(setup)!
              .query(UserPostsInWindowQuery, { platform, username, size, cursor, since: since.toISOString(), until: until.toISOString() });
            expect(result.errors).toBeUndefined();
            const connection = present(result.data?.user?.posts, `${username}'s posts`);
            seen.push(...connection.edges.map((edge) => edge.node.nativeId));
            if (!connection.pageInfo.hasNextPage) break;
            cursor = connection.pageInfo.endCursor;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('refuses a cursor from a different window, and since after until', async () => {
    const graph = servers.get(setup)!;
    const first = await graph.query(UserPostsInWindowQuery, { platform, username, size: 2, since: new Date(oldest * 1000).toISOString() });
    const cursor = first.data?.user?.posts?.pageInfo.endCursor;
    const other = await graph.query(UserPostsInWindowQuery, {
      platform,
      username,
      size: 2,
      cursor,
      since: new Date((oldest + 86_400) * 1000).toISOString(),
    });
    expect(other.errors?.[0]?.extensions?.code).toBe('BAD_CURSOR');
    const inverted = await graph.query(UserPostsInWindowQuery, {
      platform,
      username,
      size: 2,
      since: new Date(newest * 1000).toISOString(),
      until: new Date(oldest * 1000).toISOString(),
    });
    expect(inverted.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/since/) });
  });
});

describe('time windows reach the vendor that supports them', () => {
  it('sends since/until as Unix seconds to the Threads Graph API', async () => {
    const graphFake = fakes.servers['threads-graph'];
    const before = graphFake.requests.length;
    await servers.get('threads-graph')!.query(UserPostsInWindowQuery, {
      platform: 'THREADS',
      username: 'mosseri',
      size: 3,
      since: '2026-02-20T00:00:00Z',
      until: '2026-02-22T00:00:00Z',
    });
    const call = graphFake.requests.slice(before).find((request) => request.path === '/v1.0/profile_posts');
    expect(call?.query).toMatchObject({
      since: String(Date.parse('2026-02-20T00:00:00Z') / 1000),
      until: String(Date.parse('2026-02-22T00:00:00Z') / 1000),
    });
  });
});
