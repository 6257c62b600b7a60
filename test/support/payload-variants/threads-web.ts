import { readFixture, readFixtureText } from '../../../src/demo/fixtures.js';
import type { RecordedRequest } from '../../../src/demo/fake-server.js';
import type { Shape, Site } from './engine.js';
import {
  instagramPostShape,
  instagramPostVerdict,
  instagramUserShape,
  instagramUserVerdict,
  userNativeId,
  USER_SELECTION,
  type InstagramPostOptions,
} from './instagram-shape.js';
import { barePks, getAt, isJsonObject, listElements, parseJsonText, type Json, type JsonObject, type JsonPath } from './json.js';
import { FieldReader, POST_SELECTION, type Verdict, type VendorOperation } from './operation.js';

/**
 * The unofficial Threads endpoints (seed 004): the anonymous web app's GraphQL documents, whose ids are strings,
 * and the token mobile API, which writes every `pk` as a bare JSON number.
 */
interface Dataset {
  users: Record<string, { id: string; publicUser: JsonObject; privateUser: JsonObject; posts: string[]; replies: [string, string][] }>;
  posts: Record<string, { public: JsonObject; private: JsonObject }>;
  conversations: Record<string, string[][]>;
  likers: Record<string, JsonObject[]>;
  followers: Record<string, JsonObject[]>;
  following: Record<string, JsonObject[]>;
  searchable: JsonObject[];
}

type Form = 'public' | 'private';

const dataset = readFixture<Dataset>('threads-web', 'dataset.json');
const ZUCK = dataset.users.zuck!;
const ROOT = '3199992081000000000';
const NEXT_PAGE = 'QVFCWnJRSFdwMW5ITjRhcDlqR2hfY19JM21eQ==';

const PUBLIC_POSTS: InstagramPostOptions = { counts: 'threads', images: 'image_versions2.candidates', emptyLists: [[]] };
const PRIVATE_POSTS: InstagramPostOptions = { ...PUBLIC_POSTS, bareIds: true };
const postsOf = (form: Form) => (form === 'public' ? PUBLIC_POSTS : PRIVATE_POSTS);

function threadShape(form: Form): Shape {
  return {
    optional: [
      'header',
      'thread_type',
      'id',
      'thread_items.*.line_type',
      'thread_items.*.view_replies_cta_string',
      'thread_items.*.should_show_replies_cta',
    ],
    extensible: ['', 'thread_items.*'],
    ...(form === 'private' ? { flexibleIds: ['id'] } : {}),
  };
}

function post(id: string, form: Form): JsonObject {
  return dataset.posts[id]![form];
}

/** A thread as both APIs wrap posts: the root and the author's continuation, each in a thread item. */
function thread(posts: JsonObject[]): JsonObject {
  return {
    thread_items: posts.map((item) => ({ post: item, line_type: 'line', view_replies_cta_string: null, should_show_replies_cta: false })),
    thread_type: 'thread',
    header: null,
    id: String(posts[0]!.pk),
  };
}

/** The sites of every thread in a list: the thread, and each post in it (damageable where `damageable` says). */
function threadSites(document: Json, threadsPath: JsonPath, form: Form, damageable: (position: number, count: number) => boolean): Site[] {
  return (listElements(getAt(document, threadsPath)) ?? []).flatMap((wrapper, threadIndex) => {
    const items = isJsonObject(wrapper) ? (listElements(wrapper.thread_items) ?? []) : [];
    return [
      { path: [...threadsPath, threadIndex], shape: threadShape(form), damageable: false },
      ...items.map(
        (_, position): Site => ({
          path: [...threadsPath, threadIndex, 'thread_items', position, 'post'],
          shape: instagramPostShape(postsOf(form)),
          damageable: damageable(position, items.length),
        }),
      ),
    ];
  });
}

/** The posts of each thread in a list, as `pick` chooses them from the thread. */
function threadPosts(varied: Json, threadsPath: JsonPath, pick: (posts: Json[]) => Json[]): Json[] {
  return (listElements(getAt(varied, threadsPath)) ?? []).flatMap((wrapper) => {
    const items = isJsonObject(wrapper) ? (listElements(wrapper.thread_items) ?? []) : [];
    return pick(items.map((item) => (isJsonObject(item) ? item.post : undefined) ?? null));
  });
}

/** The web GraphQL document, for the post asked (when given) or any. */
function byDocument(documentId: string, postId?: string) {
  return (request: RecordedRequest): number | null =>
    request.method === 'POST' &&
    request.path === '/api/graphql' &&
    request.form.doc_id === documentId &&
    (postId === undefined || postIdIn(request) === postId)
      ? 0
      : null;
}

function postIdIn(request: RecordedRequest): string | null {
  const variables = JSON.parse(request.form.variables ?? '{}') as { postID?: unknown };
  return typeof variables.postID === 'string' ? variables.postID : null;
}

/** The mobile API path, paged by a query parameter whose first page sends none. */
function byMobilePath(path: string, token = 'max_id', pages: string[] = ['']) {
  return (request: RecordedRequest): number | null => {
    if (request.path !== `/api/v1${path}`) return null;
    const index = pages.indexOf(request.query[token] ?? '');
    return index < 0 ? null : index;
  };
}

const webEnvelope = (inner: Json): JsonObject => ({ data: inner, extensions: { is_final: true } });
const WEB_ENVELOPE: Shape = { optional: ['extensions'], extensible: ['', 'data'] };

const postVerdict = (form: Form) => (item: Json) => instagramPostVerdict(item, postsOf(form));
const replyVerdict =
  (form: Form) =>
  (item: Json): Verdict => {
    const verdict = instagramPostVerdict(item, postsOf(form));
    return 'expected' in verdict ? { expected: { post: verdict.expected } } : verdict;
  };

function profileThreadsOperation(form: Form): VendorOperation {
  const ids = ZUCK.posts.slice(0, 8);
  const seedThreads = (listElements(getAt(parseJsonText(readFixtureText('threads-web', 'seed-private-user-threads.json')), ['threads'])) ??
    []) as JsonObject[];
  const document: Json =
    form === 'public'
      ? [webEnvelope({ mediaData: { threads: ids.map((id) => thread([post(id, 'public')])) } })]
      : [
          {
            medias: [],
            threads: barePks(ids.slice(0, 5).map((id) => thread([post(id, 'private')]))),
            next_max_id: NEXT_PAGE,
            status: 'ok',
          },
          {
            medias: [],
            threads: [...(barePks(ids.slice(5).map((id) => thread([post(id, 'private')]))) as Json[]), ...seedThreads],
            status: 'ok',
          },
        ];
  const threadsPaths: JsonPath[] =
    form === 'public'
      ? [[0, 'data', 'mediaData', 'threads']]
      : [
          [0, 'threads'],
          [1, 'threads'],
        ];
  const envelope: Shape =
    form === 'public'
      ? { ...WEB_ENVELOPE, extensible: ['', 'data', 'data.mediaData'], pageLists: ['data.mediaData.threads'] }
      : { optional: ['medias'], extensible: [''], pageLists: ['threads'] };
  return {
    name: `threads-web ${form === 'public' ? 'anonymous web profile threads' : 'mobile profile threads'}`,
    provider: 'threads-web',
    adapters: [form === 'public' ? 'threads-web-public' : 'threads-web'],
    document,
    pageFor: form === 'public' ? byDocument('6232751443445612') : byMobilePath(`/text_feed/${ZUCK.id}/profile/`, 'max_id', ['', NEXT_PAGE]),
    query: `{ user(platform: THREADS, username: "zuck") { posts(first: 50) { edges { node { ${POST_SELECTION} } } } } }`,
    path: ['user', 'posts'],
    kind: 'list',
    sites: [
      ...threadsPaths.map((path): Site => ({ path: path.slice(0, 1), shape: envelope, damageable: false })),
      ...threadsPaths.flatMap((path) => threadSites(document, path, form, () => true)),
    ],
    verdicts: (varied) => threadsPaths.flatMap((path) => threadPosts(varied, path, (posts) => posts.slice(0, 1))).map(postVerdict(form)),
  };
}

function repliesTabOperation(): VendorOperation {
  const seed = readFixture<{ data: { mediaData: { threads: JsonObject[] } } }>('threads-web', 'seed-public-user-replies.json');
  const threadsPath = [0, 'data', 'mediaData', 'threads'];
  const document: Json = [
    webEnvelope({
      mediaData: { threads: [...ZUCK.replies.map((pair) => thread(pair.map((id) => post(id, 'public')))), ...seed.data.mediaData.threads] },
    }),
  ];
  return {
    name: 'threads-web anonymous web replies tab',
    provider: 'threads-web',
    adapters: ['threads-web-public'],
    document,
    pageFor: byDocument('6307072669391286'),
    query: `{ user(platform: THREADS, username: "zuck") { replies(first: 50) { edges { node { post { ${POST_SELECTION} } } } } } }`,
    path: ['user', 'replies'],
    kind: 'list',
    sites: [
      {
        path: [0],
        shape: { ...WEB_ENVELOPE, extensible: ['', 'data', 'data.mediaData'], pageLists: ['data.mediaData.threads'] },
        damageable: false,
      },
      ...threadSites(document, threadsPath, 'public', (position, count) => position === count - 1),
    ],
    // Each thread is the post replied to, then the account's reply.
    verdicts: (varied) => threadPosts(varied, threadsPath, (posts) => posts.slice(-1)).map(replyVerdict('public')),
  };
}

function conversationOperation(form: Form): VendorOperation {
  const chains = dataset.conversations[ROOT]!;
  const body = (posts: (id: string) => JsonObject) => ({
    containing_thread: thread([posts(ROOT)]),
    reply_threads: chains.map((chain) => thread(chain.map(posts))),
  });
  const document: Json =
    form === 'public'
      ? [webEnvelope({ data: body((id) => post(id, 'public')) })]
      : [
          barePks({
            ...body((id) => post(id, 'private')),
            paging_tokens: { downwards: null },
            downwards_thread_will_continue: false,
            status: 'ok',
          }),
        ];
  const conversationPath: JsonPath = form === 'public' ? [0, 'data', 'data'] : [0];
  const rootPath: JsonPath = [...conversationPath, 'containing_thread', 'thread_items', 0, 'post'];
  const repliesPath: JsonPath = [...conversationPath, 'reply_threads'];
  return {
    name: `threads-web ${form === 'public' ? 'anonymous web post and thread' : 'mobile thread replies'}`,
    provider: 'threads-web',
    adapters: [form === 'public' ? 'threads-web-public' : 'threads-web'],
    document,
    pageFor: form === 'public' ? byDocument('5587632691339264', ROOT) : byMobilePath(`/text_feed/${ROOT}/replies/`, 'paging_token'),
    // The walk reads the replies under a reply whose count says there are more than the inline one: this document
    // describes only the root's conversation, so every other post answers that it has no further replies.
    elsewhere: (request) => {
      const other =
        form === 'public'
          ? request.form.doc_id === '5587632691339264'
            ? postIdIn(request)
            : null
          : /^\/api\/v1\/text_feed\/(\d+)\/replies\/$/.exec(request.path)?.[1];
      if (!other) return null;
      const empty = { containing_thread: thread([post(ROOT, form)]), reply_threads: [] };
      return form === 'public'
        ? webEnvelope({ data: empty })
        : barePks({ ...empty, paging_tokens: { downwards: null }, downwards_thread_will_continue: false, status: 'ok' });
    },
    query: `{ post(platform: THREADS, id: "${ROOT}") { ${POST_SELECTION} thread { replies(first: 50) { edges { node { post { ${POST_SELECTION} } } } } } } }`,
    path: ['post', 'thread', 'replies'],
    kind: 'list',
    sites: [
      {
        path: [0],
        shape:
          form === 'public'
            ? WEB_ENVELOPE
            : { optional: ['paging_tokens', 'downwards_thread_will_continue'], extensible: ['', 'paging_tokens'] },
        damageable: false,
      },
      { path: conversationPath, shape: { extensible: [''], pageLists: ['reply_threads'] }, damageable: false },
      { path: [...conversationPath, 'containing_thread'], shape: threadShape(form), damageable: false },
      { path: rootPath, shape: instagramPostShape(postsOf(form)), damageable: false },
      ...threadSites(document, repliesPath, form, () => true),
    ],
    verdicts: (varied) => threadPosts(varied, repliesPath, (posts) => posts).map(replyVerdict(form)),
    also: (varied) => {
      const root = instagramPostVerdict(getAt(varied, rootPath), postsOf(form));
      return [{ path: ['post'], expected: 'expected' in root ? root.expected : root }];
    },
  };
}

interface ListedUser {
  username: string;
  nativeId: string | null;
  followerCount: number | null;
}

/** A liker carries the follower count the list sent; other listed users are compared by username and id. */
function listedVerdict(user: Json, liker: boolean): Verdict {
  const verdict = instagramUserVerdict(user);
  if (!('expected' in verdict)) return verdict;
  const { username, nativeId, followerCount } = verdict.expected as ListedUser;
  return { expected: liker ? { followerCount, user: { username, nativeId } } : { username, nativeId } };
}

/** A list of users: likers, followers, following or search results. */
function userListOperation(options: {
  name: string;
  adapter: 'threads-web' | 'threads-web-public';
  pages: JsonObject[];
  usersPath: string[];
  pageFor: VendorOperation['pageFor'];
  query: string;
  path: string[];
  liker?: boolean;
  envelope: Shape;
}): VendorOperation {
  const form: Form = options.adapter === 'threads-web' ? 'private' : 'public';
  const document: Json = form === 'private' ? barePks(options.pages) : options.pages;
  const userPaths = options.pages.flatMap((_, pageIndex) =>
    (listElements(getAt(document, [pageIndex, ...options.usersPath])) ?? []).map(
      (__, index): JsonPath => [pageIndex, ...options.usersPath, index],
    ),
  );
  return {
    name: options.name,
    provider: 'threads-web',
    adapters: [options.adapter],
    document,
    pageFor: options.pageFor,
    query: options.query,
    path: options.path,
    kind: 'list',
    sites: [
      ...options.pages.map((_, pageIndex): Site => ({ path: [pageIndex], shape: options.envelope, damageable: false })),
      ...userPaths.map((path): Site => ({ path, shape: instagramUserShape({ bareIds: form === 'private' }), damageable: true })),
    ],
    verdicts: (varied) =>
      options.pages.flatMap((_, pageIndex) =>
        (listElements(getAt(varied, [pageIndex, ...options.usersPath])) ?? []).map((user) => listedVerdict(user, options.liker ?? false)),
      ),
  };
}

const mobileSeed = (file: string) =>
  (listElements(getAt(parseJsonText(readFixtureText('threads-web', file)), ['users'])) ?? []) as JsonObject[];
const LIKERS_QUERY = `{ post(platform: THREADS, id: "${ROOT}") { likers(first: 50) { edges { node { followerCount user { ${USER_SELECTION} } } } } } }`;
const likers = dataset.likers[ROOT]!;
const followers = dataset.followers[ZUCK.id]!;
const following = dataset.following[ZUCK.id]!;
const MOBILE_ENVELOPE: Shape = {
  optional: ['big_list', 'page_size', 'has_more', 'user_count', 'num_results', 'rank_token'],
  extensible: [''],
  pageLists: ['users'],
};

function friendshipPage(users: JsonObject[], next: string | null): JsonObject {
  return {
    users,
    big_list: next !== null,
    page_size: 200,
    ...(next === null ? {} : { next_max_id: next }),
    has_more: next !== null,
    status: 'ok',
  };
}

const PUBLIC_PROFILE: Shape = {
  optional: [
    'full_name',
    'biography',
    'follower_count',
    'is_verified',
    'is_private',
    'profile_pic_url',
    'hd_profile_pic_versions',
    'bio_links',
    'biography_with_entities',
    'profile_context_facepile_users',
    'id',
  ],
  lists: ['hd_profile_pic_versions', 'bio_links'],
  counts: ['follower_count'],
  texts: ['full_name', 'biography'],
  extensible: [''],
  damage: { remove: [['username']], wrongType: ['username', 'follower_count'] },
};

const PRIVATE_PROFILE: Shape = {
  ...PUBLIC_PROFILE,
  optional: [
    ...PUBLIC_PROFILE.optional!,
    'following_count',
    'media_count',
    'pk_id',
    'account_badges',
    'hd_profile_pic_url_info',
    'is_business',
    'category',
  ],
  counts: ['follower_count', 'following_count', 'media_count'],
  flexibleIds: ['pk'],
};

function profileVerdict(user: Json | undefined, form: Form): Verdict {
  if (!isJsonObject(user)) return { damaged: 'not an object' };
  const reader = new FieldReader();
  const common = {
    username: reader.required(reader.text(user.username, 'username'), 'username'),
    nativeId: userNativeId(user),
    fullName: reader.text(user.full_name, 'full_name'),
    biography: reader.text(user.biography, 'biography'),
    followerCount: reader.count(user.follower_count, 'follower_count'),
    isVerified: reader.flag(user.is_verified, 'is_verified'),
  };
  if (form === 'public') return reader.verdict(common);
  return reader.verdict({
    ...common,
    followingCount: reader.count(user.following_count, 'following_count'),
    postCount: reader.count(user.media_count, 'media_count'),
  });
}

function profileOperation(form: Form): VendorOperation {
  const document: Json =
    form === 'public' ? [webEnvelope({ userData: { user: ZUCK.publicUser } })] : [barePks({ user: ZUCK.privateUser, status: 'ok' })];
  const userPath: JsonPath = form === 'public' ? [0, 'data', 'userData', 'user'] : [0, 'user'];
  const extra = form === 'public' ? '' : ' followingCount postCount';
  return {
    name: `threads-web ${form === 'public' ? 'anonymous web profile' : 'mobile profile'}`,
    provider: 'threads-web',
    adapters: [form === 'public' ? 'threads-web-public' : 'threads-web'],
    document,
    pageFor: form === 'public' ? byDocument('23996318473300828') : byMobilePath(`/users/${ZUCK.id}/info/`),
    query: `{ user(platform: THREADS, username: "zuck") { username nativeId fullName biography followerCount isVerified${extra} } }`,
    path: ['user'],
    kind: 'single',
    sites: [
      { path: [0], shape: form === 'public' ? WEB_ENVELOPE : { extensible: [''] }, damageable: false },
      { path: userPath, shape: form === 'public' ? PUBLIC_PROFILE : PRIVATE_PROFILE, damageable: true },
    ],
    verdicts: (varied) => [profileVerdict(getAt(varied, userPath), form)],
    acceptsDamaged: (value, reason) =>
      reason === 'username is missing' && isJsonObject(value as Json) && (value as JsonObject).username === 'zuck',
  };
}

export const threadsWebOperations: VendorOperation[] = [
  profileThreadsOperation('public'),
  repliesTabOperation(),
  conversationOperation('public'),
  userListOperation({
    name: 'threads-web anonymous web likers',
    adapter: 'threads-web-public',
    pages: [
      webEnvelope({
        likers: {
          users: [
            ...likers,
            ...readFixture<{ data: { likers: { users: JsonObject[] } } }>('threads-web', 'seed-public-likers.json').data.likers.users,
          ],
        },
      }),
    ],
    usersPath: ['data', 'likers', 'users'],
    pageFor: byDocument('9360915773983802'),
    query: LIKERS_QUERY,
    path: ['post', 'likers'],
    liker: true,
    envelope: { ...WEB_ENVELOPE, extensible: ['', 'data', 'data.likers'], pageLists: ['data.likers.users'] },
  }),
  profileOperation('public'),
  profileThreadsOperation('private'),
  conversationOperation('private'),
  userListOperation({
    name: 'threads-web mobile likers',
    adapter: 'threads-web',
    pages: [{ users: [...likers.slice(0, 10), ...mobileSeed('seed-private-likers.json')], user_count: 38283, status: 'ok' }],
    usersPath: ['users'],
    pageFor: byMobilePath(`/media/${ROOT}/likers/`),
    query: LIKERS_QUERY,
    path: ['post', 'likers'],
    liker: true,
    envelope: MOBILE_ENVELOPE,
  }),
  userListOperation({
    name: 'threads-web mobile followers',
    adapter: 'threads-web',
    pages: [
      friendshipPage(followers.slice(0, 6), NEXT_PAGE),
      friendshipPage([...followers.slice(6, 10), ...mobileSeed('seed-private-followers.json')], null),
    ],
    usersPath: ['users'],
    pageFor: byMobilePath(`/friendships/${ZUCK.id}/followers/`, 'max_id', ['', NEXT_PAGE]),
    query: `{ user(platform: THREADS, username: "zuck") { followers(first: 50) { edges { node { ${USER_SELECTION} } } } } }`,
    path: ['user', 'followers'],
    envelope: MOBILE_ENVELOPE,
  }),
  userListOperation({
    name: 'threads-web mobile following',
    adapter: 'threads-web',
    pages: [friendshipPage([...following.slice(0, 6), ...mobileSeed('seed-private-following.json')], null)],
    usersPath: ['users'],
    pageFor: byMobilePath(`/friendships/${ZUCK.id}/following/`),
    query: `{ user(platform: THREADS, username: "zuck") { following(first: 50) { edges { node { ${USER_SELECTION} } } } } }`,
    path: ['user', 'following'],
    envelope: MOBILE_ENVELOPE,
  }),
  userListOperation({
    name: 'threads-web mobile search',
    adapter: 'threads-web',
    pages: [
      {
        num_results: 9,
        users: [...dataset.searchable.slice(0, 8), ...mobileSeed('seed-private-search.json')],
        has_more: false,
        rank_token: '21af3266-ddec-4166-b00c-091a580a54a8',
        status: 'ok',
      },
    ],
    usersPath: ['users'],
    pageFor: (request) => (request.path === '/api/v1/users/search/' ? 0 : null),
    query: `{ searchUsers(platform: THREADS, query: "zuck", first: 50) { edges { node { ${USER_SELECTION} } } } }`,
    path: ['searchUsers'],
    envelope: MOBILE_ENVELOPE,
  }),
  profileOperation('private'),
];
