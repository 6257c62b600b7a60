import { readFixture } from '../../../src/demo/fixtures.js';
import type { Site } from './engine.js';
import { instagramPostShape, instagramPostVerdict, type InstagramPostOptions } from './instagram-shape.js';
import { getAt, listElements, type Json, type JsonObject } from './json.js';
import { POST_SELECTION, type VendorOperation } from './operation.js';

/** SociaVault serialises every list as an object keyed "0", "1", ...; an empty one arrives as `{}` (seed 000). */
const POSTS: InstagramPostOptions = { counts: 'threads', images: 'image_versions2.candidates', emptyLists: [{}, []], keyedLists: true };

function keyed(items: Json[]): JsonObject {
  return Object.fromEntries(items.map((item, index) => [String(index), item]));
}

function userPostsDocument(): Json {
  const dataset = readFixture<{ users: Record<string, { posts: JsonObject[] }> }>('sociavault', 'dataset.json');
  const seed = readFixture<{ data: { posts: Record<string, JsonObject> } }>('sociavault', 'seed-user-posts.json');
  const posts = dataset.users.zuck!.posts.slice(0, 8);
  // The documented example, as one of zuck's posts: a post of another account would not be in his feed.
  const example: JsonObject = { ...seed.data.posts['0']!, user: posts[0]!.user! };
  return [{ success: true, data: { success: true, posts: keyed([...posts, example]) }, credits_used: 1, endpoint: 'user-posts' }];
}

const document = userPostsDocument();
const postsPath = [0, 'data', 'posts'];

const sites: Site[] = [
  {
    path: [0],
    shape: {
      optional: ['credits_used', 'endpoint'],
      extensible: ['', 'data'],
      pageLists: ['data.posts'],
      keyedLists: ['data.posts'],
      emptyLists: POSTS.emptyLists,
    },
    damageable: false,
  },
  ...Object.keys(getAt(document, postsPath) as JsonObject).map(
    (key): Site => ({ path: [...postsPath, key], shape: instagramPostShape(POSTS), damageable: true }),
  ),
];

export const sociavaultOperations: VendorOperation[] = [
  {
    name: 'sociavault user posts',
    provider: 'sociavault',
    adapters: ['sociavault'],
    document,
    pageFor: (request) => (request.path === '/v1/scrape/threads/user-posts' ? 0 : null),
    query: `{ user(platform: THREADS, username: "zuck") { posts(first: 50) { edges { node { ${POST_SELECTION} } } } } }`,
    path: ['user', 'posts'],
    kind: 'list',
    sites,
    verdicts: (varied) => (listElements(getAt(varied, postsPath)) ?? []).map((post) => instagramPostVerdict(post, POSTS)),
  },
];
