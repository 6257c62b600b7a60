import { readFixture } from '../../../src/demo/fixtures.js';
import type { Site } from './engine.js';
import {
  instagramPostShape,
  instagramPostVerdict,
  OWNER_SELECTION,
  pageOwnerExpectation,
  type InstagramPostOptions,
} from './instagram-shape.js';
import { getAt, listElements, type Json, type JsonObject } from './json.js';
import { POST_SELECTION, type VendorOperation } from './operation.js';

const POSTS: InstagramPostOptions = { counts: 'instagram', images: 'image_versions2.candidates', emptyLists: [[], {}] };
const NEXT_PAGE = '3649952486000000000_59042353222';

/** Two pages paged by `next_max_id`; the last still carries one, and `more_available: false` ends the feed (seed 001). */
function userPostsDocument(): Json {
  const dataset = readFixture<{ users: Record<string, { user: JsonObject; items: JsonObject[] }> }>('aisa', 'dataset.json');
  const seed = readFixture<{ items: JsonObject[] }>('aisa', 'seed-user-posts.json');
  const { user, items } = dataset.users.carsoncantcode!;
  const last = [...items.slice(5, 9), seed.items[0]!];
  return [
    { items: items.slice(0, 5), next_max_id: NEXT_PAGE, num_results: 5, more_available: true, user, status: 'ok' },
    { items: last, next_max_id: String(last.at(-1)!.id), num_results: last.length, more_available: false, user, status: 'ok' },
  ];
}

const document = userPostsDocument();
const OWNER_COUNTS = ['user.follower_count', 'user.following_count', 'user.media_count'];

const sites: Site[] = [
  {
    path: [0],
    shape: {
      optional: ['num_results', 'status', 'user.biography', 'user.hd_profile_pic_versions', ...OWNER_COUNTS],
      counts: OWNER_COUNTS,
      extensible: ['', 'user'],
      pageLists: ['items'],
      emptyLists: POSTS.emptyLists,
    },
    damageable: false,
  },
  {
    path: [1],
    shape: { optional: ['num_results', 'status', 'next_max_id'], extensible: [''], pageLists: ['items'], emptyLists: POSTS.emptyLists },
    damageable: false,
  },
  ...[0, 1].flatMap((page) =>
    (getAt(document, [page, 'items']) as Json[]).map(
      (_, index): Site => ({ path: [page, 'items', index], shape: instagramPostShape(POSTS), damageable: true }),
    ),
  ),
];

export const aisaOperations: VendorOperation[] = [
  {
    name: 'aisa user posts',
    provider: 'aisa',
    adapters: ['aisa'],
    document,
    pageFor: (request) => {
      if (request.path !== '/instagram/user/posts') return null;
      if (request.query.next_max_id === undefined) return 0;
      return request.query.next_max_id === NEXT_PAGE ? 1 : null;
    },
    query: `{ user(platform: INSTAGRAM, username: "carsoncantcode") { ${OWNER_SELECTION} posts(first: 50) { edges { node { ${POST_SELECTION} } } } } }`,
    path: ['user', 'posts'],
    kind: 'list',
    sites,
    verdicts: (varied) =>
      [0, 1].flatMap((page) => (listElements(getAt(varied, [page, 'items'])) ?? []).map((item) => instagramPostVerdict(item, POSTS))),
    also: (varied) => pageOwnerExpectation(getAt(varied, [0, 'user'])),
  },
];
