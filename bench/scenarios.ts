/** The queries the benchmark sends, and how many distinct upstream fetches each needs. */

const fans = Array.from({ length: 10 }, (_, index) => `threads.fan${String(index + 1).padStart(2, '0')}`);

export interface Scenario {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Distinct (provider, operation, arguments) fetches the query needs. */
  distinctFetches: number;
  /** Sequential rounds of upstream calls on the critical path (1 when everything runs concurrently). */
  upstreamRounds: number;
  /** Under load, each request sets this variable to the next of these values in turn (a load of distinct users). */
  rotate?: { variable: string; values: string[] };
}

export const SCENARIOS: Scenario[] = [
  {
    name: "(a) one user's first 20 posts",
    query: `query OneUser { user(platform: THREADS, username: "zuck") { username fullName posts(first: 20) { edges { cursor node { id text createdAt mediaType likeCount media { type url width height } } } pageInfo { hasNextPage endCursor } } } }`,
    distinctFetches: 2,
    upstreamRounds: 1,
  },
  {
    name: "(b) 10 users' first 5 posts each",
    query: `query Fanout($names: [String!]!) { users(platform: THREADS, usernames: $names) { username fullName posts(first: 5) { edges { node { id text createdAt } } } } }`,
    variables: { names: fans },
    distinctFetches: 20,
    upstreamRounds: 1,
  },
  {
    name: '(c) aliases + fragments asking for the same page',
    query: `query Duplicates {
      a: user(platform: THREADS, username: "zuck") { posts(first: 5) { edges { node { id author { posts(first: 5) { edges { node { id } } } } } } } }
      b: user(platform: THREADS, username: "zuck") { ...Timeline }
      c: user(platform: THREADS, username: "zuck") { ...Timeline ...Again }
    }
    fragment Timeline on User { posts(first: 5) { edges { node { id text } } } }
    fragment Again on User { username posts(first: 5) { pageInfo { hasNextPage } } }`,
    distinctFetches: 2,
    upstreamRounds: 1,
  },
];
