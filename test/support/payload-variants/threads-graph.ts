import { readFixture } from '../../../src/demo/fixtures.js';
import type { RecordedRequest } from '../../../src/demo/fake-server.js';
import type { Shape, Site } from './engine.js';
import { getAt, isJsonObject, listElements, type Json, type JsonObject } from './json.js';
import { FieldReader, NO_COUNTS, POST_SELECTION, type ExpectedPost, type Verdict, type VendorOperation } from './operation.js';

/** Meta's media fields (seed 003); engagement counts live behind the insights endpoint, so posts carry none. */
const MEDIA_TYPES: Record<string, string> = {
  TEXT_POST: 'TEXT',
  IMAGE: 'IMAGE',
  VIDEO: 'VIDEO',
  CAROUSEL_ALBUM: 'CAROUSEL',
  AUDIO: 'AUDIO',
  REPOST_FACADE: 'REPOST',
};

const POST: Shape = {
  optional: [
    'text',
    'topic_tag',
    'media_url',
    'alt_text',
    'permalink',
    'shortcode',
    'is_quote_post',
    'media_product_type',
    'link_attachment_url',
    'thumbnail_url',
    'children',
    'owner',
    'is_reply',
    'hide_status',
    'quoted_post',
    'reposted_post',
  ],
  lists: ['children.data'],
  carouselChildren: { pattern: 'children.data.*', ids: ['id'] },
  texts: ['text'],
  extensible: ['', 'owner', 'children', 'children.data.*'],
  documentedValues: { media_type: Object.keys(MEDIA_TYPES) },
  damage: { remove: [['id'], ['timestamp'], ['username']], wrongType: ['id', 'timestamp', 'username', 'text'] },
};

const ENVELOPE: Shape = {
  optional: ['paging.cursors.before', 'paging.previous'],
  extensible: ['', 'paging', 'paging.cursors'],
  pageLists: ['data'],
};
/** The last page may come without any paging at all. */
const LAST_ENVELOPE: Shape = { ...ENVELOPE, optional: ['paging', ...ENVELOPE.optional!] };

/** "2023-10-17T05:42:03+0000": ISO 8601 with an offset written without its colon. */
function metaTime(value: string): string | null {
  const withColon = /[+-]\d{4}$/.test(value) ? `${value.slice(0, -2)}:${value.slice(-2)}` : value;
  const milliseconds = Date.parse(withColon);
  return Number.isNaN(milliseconds) ? null : new Date(milliseconds).toISOString();
}

function postVerdict(media: Json | undefined): Verdict {
  if (!isJsonObject(media)) return { damaged: 'not an object' };
  const reader = new FieldReader();
  const nativeId = reader.required(reader.text(media.id, 'id'), 'id');
  const timestamp = reader.text(media.timestamp, 'timestamp');
  const createdAt = reader.required(timestamp === null ? null : metaTime(timestamp), 'timestamp');
  const username = reader.required(reader.text(media.username, 'username'), 'username');
  const mediaType = MEDIA_TYPES[String(media.media_type)];
  if (!mediaType) throw new Error(`the oracle knows no media_type ${String(media.media_type)}`);
  const expected: ExpectedPost = {
    nativeId: nativeId!,
    text: reader.text(media.text, 'text'),
    createdAt: createdAt!,
    mediaType,
    ...NO_COUNTS,
    author: { username: username! },
  };
  return reader.verdict(expected);
}

const dataset = readFixture<{
  posts: Record<string, JsonObject[]>;
  media: Record<string, JsonObject>;
  conversations: Record<string, JsonObject[]>;
  profiles: Record<string, JsonObject>;
}>('threads-graph', 'dataset.json');
const ROOT = '3199992081000000000';
const CAROUSEL = '3199912891000000000';

/** A documented example as one of zuck's posts: a profile's posts all carry its username. */
function asZuck(file: string): JsonObject {
  const example = readFixture<{ data: JsonObject[] }>('threads-graph', file).data[0]!;
  return { ...example, username: 'zuck', permalink: `https://www.threads.net/@zuck/post/${String(example.shortcode)}` };
}

function page(data: JsonObject[], after: string, next: boolean): JsonObject {
  return {
    data,
    paging: {
      cursors: { before: `before-${after}`, after },
      ...(next ? { next: `https://graph.threads.net/v1.0/profile_posts?username=zuck&after=${after}&access_token=redacted` } : {}),
    },
  };
}

function pagedSites(document: Json): Site[] {
  return (document as Json[]).flatMap((_, pageIndex) => [
    { path: [pageIndex], shape: pageIndex === (document as Json[]).length - 1 ? LAST_ENVELOPE : ENVELOPE, damageable: false },
    ...(getAt(document, [pageIndex, 'data']) as Json[]).map(
      (__, index): Site => ({ path: [pageIndex, 'data', index], shape: POST, damageable: true }),
    ),
  ]);
}

function pagedVerdicts(varied: Json): Verdict[] {
  return (varied as Json[]).flatMap((_, pageIndex) => (listElements(getAt(varied, [pageIndex, 'data'])) ?? []).map(postVerdict));
}

/** Pages by the `after` cursor; a request with any other cursor is left to the fake. */
function pageByCursor(path: string, cursors: string[]) {
  return (request: RecordedRequest): number | null => {
    if (request.path !== path) return null;
    const index = cursors.indexOf(request.query.after ?? '');
    return index < 0 ? null : index;
  };
}

function listOperation(
  name: string,
  document: Json,
  pageFor: VendorOperation['pageFor'],
  query: string,
  path: string[],
  node: (post: unknown) => unknown = (post) => post,
): VendorOperation {
  return {
    name,
    provider: 'threads-graph',
    adapters: ['threads-graph'],
    document,
    pageFor,
    query,
    path,
    kind: 'list',
    sites: pagedSites(document),
    verdicts: (varied) => pagedVerdicts(varied).map((verdict) => ('expected' in verdict ? { expected: node(verdict.expected) } : verdict)),
  };
}

function singleMediaOperation(name: string, media: JsonObject): VendorOperation {
  const id = String(media.id);
  return {
    name,
    provider: 'threads-graph',
    adapters: ['threads-graph'],
    document: [media],
    pageFor: (request) => (request.path === `/v1.0/${id}` ? 0 : null),
    query: `{ post(platform: THREADS, id: "${id}") { ${POST_SELECTION} } }`,
    path: ['post'],
    kind: 'single',
    sites: [{ path: [0], shape: POST, damageable: true }],
    verdicts: (varied) => [postVerdict(getAt(varied, [0]))],
  };
}

const PROFILE: Shape = {
  optional: [
    'name',
    'profile_picture_url',
    'biography',
    'is_verified',
    'follower_count',
    'likes_count',
    'quotes_count',
    'replies_count',
    'reposts_count',
    'views_count',
  ],
  counts: ['follower_count', 'likes_count', 'quotes_count', 'replies_count', 'reposts_count', 'views_count'],
  texts: ['name', 'biography'],
  extensible: [''],
  damage: { remove: [['username']], wrongType: ['username', 'follower_count', 'name'] },
};

function profileVerdict(profile: Json | undefined): Verdict {
  if (!isJsonObject(profile)) return { damaged: 'not an object' };
  const reader = new FieldReader();
  return reader.verdict({
    username: reader.required(reader.text(profile.username, 'username'), 'username'),
    fullName: reader.text(profile.name, 'name'),
    biography: reader.text(profile.biography, 'biography'),
    followerCount: reader.count(profile.follower_count, 'follower_count'),
    isVerified: reader.flag(profile.is_verified, 'is_verified'),
  });
}

const zuck = dataset.posts.zuck!;
const conversation = dataset.conversations[ROOT]!;
const replyNode = (post: unknown) => ({ post });

export const threadsGraphOperations: VendorOperation[] = [
  listOperation(
    'threads-graph /profile_posts',
    [page(zuck.slice(0, 6), 'after-1', true), page([...zuck.slice(6, 10), asZuck('seed-profile-posts.json')], 'after-2', false)],
    pageByCursor('/v1.0/profile_posts', ['', 'after-1']),
    `{ user(platform: THREADS, username: "zuck") { posts(first: 50) { edges { node { ${POST_SELECTION} } } } } }`,
    ['user', 'posts'],
  ),
  listOperation(
    'threads-graph /me/threads',
    [page([...zuck.slice(10, 16), asZuck('seed-me-threads.json')], 'after-1', false)],
    pageByCursor('/v1.0/me/threads', ['']),
    `{ user(platform: THREADS, id: "me") { posts(first: 50) { edges { node { ${POST_SELECTION} } } } } }`,
    ['user', 'posts'],
  ),
  singleMediaOperation('threads-graph /{id} (a carousel)', dataset.media[CAROUSEL]!),
  singleMediaOperation('threads-graph /{id} (the documented example)', readFixture<JsonObject>('threads-graph', 'seed-media.json')),
  listOperation(
    'threads-graph /{id}/replies',
    [
      page(
        conversation.filter((reply) => isJsonObject(reply.replied_to) && reply.replied_to.id === ROOT),
        'after-1',
        false,
      ),
    ],
    pageByCursor(`/v1.0/${ROOT}/replies`, ['']),
    `{ post(platform: THREADS, id: "${ROOT}") { replies(first: 50) { edges { node { post { ${POST_SELECTION} } } } } } }`,
    ['post', 'replies'],
    replyNode,
  ),
  listOperation(
    'threads-graph /{id}/conversation',
    [page(conversation, 'after-1', false)],
    pageByCursor(`/v1.0/${ROOT}/conversation`, ['']),
    `{ post(platform: THREADS, id: "${ROOT}") { thread { replies(first: 50) { edges { node { post { ${POST_SELECTION} } } } } } } }`,
    ['post', 'thread', 'replies'],
    replyNode,
  ),
  {
    name: 'threads-graph /profile_lookup',
    provider: 'threads-graph',
    adapters: ['threads-graph'],
    document: [dataset.profiles.zuck!],
    pageFor: (request) => (request.path === '/v1.0/profile_lookup' ? 0 : null),
    query: '{ user(platform: THREADS, username: "zuck") { username fullName biography followerCount isVerified } }',
    path: ['user'],
    kind: 'single',
    sites: [{ path: [0], shape: PROFILE, damageable: true }],
    verdicts: (varied) => [profileVerdict(getAt(varied, [0]))],
    acceptsDamaged: (value, reason) =>
      reason === 'username is missing' && isJsonObject(value as Json) && (value as JsonObject).username === 'zuck',
  },
];
