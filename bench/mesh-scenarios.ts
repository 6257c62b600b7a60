import type { Scenario } from './scenarios.js';

/**
 * The three queries of issue 14, each asked of feedgraph (AIsa adapter) and of GraphQL Mesh over AIsa's OpenAPI
 * document, for the same fields: the handle of seed 001's payload, and ten users for the fan-out.
 */
export const SEED_HANDLE = 'carsoncantcode';
export const FAN_OUT_HANDLES = [SEED_HANDLE, ...Array.from({ length: 9 }, (_, index) => `bench_user_${index + 1}`)];
/** The distinct-users load's pool: 20 connections asking them in turn never ask the same user at once. */
export const DISTINCT_HANDLES = Array.from({ length: 200 }, (_, index) => `bench_reader_${index + 1}`);
const PAGE_SIZE = 12;

export interface PeerScenario {
  name: string;
  feedgraph: Scenario;
  mesh: Scenario;
}

const feedgraphPost = 'id text createdAt mediaType likeCount media { type url width height }';
const meshItem =
  'id caption { text } taken_at media_type like_count image_versions2 { candidates { url width height } } video_versions { url width height }';

function scenario(
  name: string,
  query: string,
  distinctFetches: number,
  variables?: Record<string, unknown>,
  rotate?: Scenario['rotate'],
): Scenario {
  return { name, query, distinctFetches, upstreamRounds: 1, ...(variables ? { variables } : {}), ...(rotate ? { rotate } : {}) };
}

const meshFanOut = FAN_OUT_HANDLES.map(
  (handle, index) =>
    `u${index}: get_instagram_user_posts(handle: "${handle}") { user { username full_name } items { id caption { text } taken_at } }`,
).join('\n');

export const PEER_SCENARIOS: PeerScenario[] = [
  {
    name: `(a) one user's first page of ${PAGE_SIZE}`,
    feedgraph: scenario(
      'feedgraph (a)',
      `query OneUserPage { user(platform: INSTAGRAM, username: "${SEED_HANDLE}") { username fullName posts(first: ${PAGE_SIZE}) { edges { cursor node { ${feedgraphPost} } } pageInfo { hasNextPage endCursor } } } }`,
      1,
    ),
    mesh: scenario(
      'mesh (a)',
      `query OneUserPage { get_instagram_user_posts(handle: "${SEED_HANDLE}") { user { username full_name } items { ${meshItem} } next_max_id more_available } }`,
      1,
    ),
  },
  {
    name: `(b) ${FAN_OUT_HANDLES.length} users' first pages`,
    feedgraph: scenario(
      'feedgraph (b)',
      `query FanOutPages($names: [String!]!) { users(platform: INSTAGRAM, usernames: $names) { username fullName posts(first: ${PAGE_SIZE}) { edges { node { id text createdAt } } } } }`,
      FAN_OUT_HANDLES.length,
      { names: FAN_OUT_HANDLES },
    ),
    mesh: scenario('mesh (b)', `query FanOutPages { ${meshFanOut} }`, FAN_OUT_HANDLES.length),
  },
  {
    name: '(c) one page asked by 3 aliases',
    feedgraph: scenario(
      'feedgraph (c)',
      `query AliasedPage { ${['a', 'b', 'c']
        .map(
          (alias) =>
            `${alias}: user(platform: INSTAGRAM, username: "${SEED_HANDLE}") { posts(first: ${PAGE_SIZE}) { edges { node { id text } } } }`,
        )
        .join(' ')} }`,
      1,
    ),
    mesh: scenario(
      'mesh (c)',
      `query AliasedPage { ${['a', 'b', 'c'].map((alias) => `${alias}: get_instagram_user_posts(handle: "${SEED_HANDLE}") { items { id caption { text } } }`).join(' ')} }`,
      1,
    ),
  },
  {
    name: "(d) a different user's first page each query",
    feedgraph: scenario(
      'feedgraph (d)',
      `query ReaderPage($name: String!) { user(platform: INSTAGRAM, username: $name) { username fullName posts(first: ${PAGE_SIZE}) { edges { cursor node { ${feedgraphPost} } } pageInfo { hasNextPage endCursor } } } }`,
      1,
      { name: DISTINCT_HANDLES[0] },
      { variable: 'name', values: DISTINCT_HANDLES },
    ),
    mesh: scenario(
      'mesh (d)',
      `query ReaderPage($handle: String!) { get_instagram_user_posts(handle: $handle) { user { username full_name } items { ${meshItem} } next_max_id more_available } }`,
      1,
      { handle: DISTINCT_HANDLES[0] },
      { variable: 'handle', values: DISTINCT_HANDLES },
    ),
  },
];
