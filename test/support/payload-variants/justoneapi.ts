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

/** JustOneAPI's items keep renditions in `image_versions.items` and date themselves three ways (seed 002). */
const POSTS: InstagramPostOptions = { counts: 'instagram', images: 'image_versions.items', emptyLists: [[], {}], extraTimestamps: true };
const NEXT_PAGE = 'Ik1IBB8pBBZDZQhSAVFRQQBBME8tQgZCC1kQZn1TX09JXAZAAmgQWARRAU0T';

/** Two pages in the `code` envelope; the last page's `pagination_token` is "". */
function userPostsDocument(): Json {
  const dataset = readFixture<{ users: Record<string, { user: JsonObject; items: JsonObject[] }> }>('justoneapi', 'dataset.json');
  const seed = readFixture<{ data: { data: { items: JsonObject[] } } }>('justoneapi', 'seed-user-posts.json');
  const { user, items } = dataset.users.yifei_cc!;
  const page = (pageItems: JsonObject[], token: string) => ({
    code: 0,
    data: { data: { count: pageItems.length, items: pageItems, user }, pagination_token: token },
  });
  return [page(items.slice(0, 5), NEXT_PAGE), page([...items.slice(5, 9), seed.data.data.items[0]!], '')];
}

const document = userPostsDocument();
const OWNER_COUNTS = ['data.data.user.follower_count', 'data.data.user.following_count', 'data.data.user.media_count'];

const sites: Site[] = [
  {
    path: [0],
    shape: {
      optional: ['data.data.count', 'data.data.user.biography', ...OWNER_COUNTS],
      counts: OWNER_COUNTS,
      extensible: ['', 'data', 'data.data'],
      pageLists: ['data.data.items'],
      emptyLists: POSTS.emptyLists,
    },
    damageable: false,
  },
  {
    path: [1],
    shape: {
      optional: ['data.data.count', 'data.pagination_token'],
      extensible: ['', 'data', 'data.data'],
      pageLists: ['data.data.items'],
      emptyLists: POSTS.emptyLists,
    },
    damageable: false,
  },
  ...[0, 1].flatMap((page) =>
    (getAt(document, [page, 'data', 'data', 'items']) as Json[]).map(
      (_, index): Site => ({ path: [page, 'data', 'data', 'items', index], shape: instagramPostShape(POSTS), damageable: true }),
    ),
  ),
];

export const justoneapiOperations: VendorOperation[] = [
  {
    name: 'justoneapi user posts',
    provider: 'justoneapi',
    adapters: ['justoneapi'],
    document,
    pageFor: (request) => {
      if (request.path !== '/api/instagram/get-user-posts/v1') return null;
      const token = request.query.paginationToken ?? '';
      if (token === '') return 0;
      return token === NEXT_PAGE ? 1 : null;
    },
    query: `{ user(platform: INSTAGRAM, username: "yifei_cc") { ${OWNER_SELECTION} posts(first: 50) { edges { node { ${POST_SELECTION} } } } } }`,
    path: ['user', 'posts'],
    kind: 'list',
    sites,
    verdicts: (varied) =>
      [0, 1].flatMap((page) =>
        (listElements(getAt(varied, [page, 'data', 'data', 'items'])) ?? []).map((item) => instagramPostVerdict(item, POSTS)),
      ),
    also: (varied) => pageOwnerExpectation(getAt(varied, [0, 'data', 'data', 'user'])),
  },
];
