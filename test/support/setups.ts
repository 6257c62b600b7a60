import type { FakeUpstreams } from '../../src/demo/index.js';
import type { Platform } from '../generated/graphql.js';
import type { envFor } from './graph-server.js';

/** A provider configuration the tests start a graph with: one name `envFor` understands. */
export type SetupId = Parameters<typeof envFor>[1][number];

export interface ProviderSetup {
  id: SetupId;
  /** The fake vendor that answers it (threads-web-public is the threads-web fake without a session token). */
  server: keyof FakeUpstreams['servers'];
  platform: Platform;
  /** A demo account with posts on this setup, and how many of them it can list. */
  username: string;
  postCount: number;
  /** Whether posts come back with their Thread (conversation), which SociaVault and the Instagram vendors cannot serve. */
  servesThreads: boolean;
}

/** Every provider setup, once, keyed so that the compiler demands an entry for each setup `envFor` knows. */
const SETUP_BY_ID: Record<SetupId, ProviderSetup> = {
  'threads-graph': {
    id: 'threads-graph',
    server: 'threads-graph',
    platform: 'THREADS',
    username: 'zuck',
    postCount: 45,
    servesThreads: true,
  },
  // SociaVault answers one list of at most 30 posts.
  sociavault: { id: 'sociavault', server: 'sociavault', platform: 'THREADS', username: 'zuck', postCount: 30, servesThreads: false },
  aisa: { id: 'aisa', server: 'aisa', platform: 'INSTAGRAM', username: 'carsoncantcode', postCount: 45, servesThreads: false },
  justoneapi: {
    id: 'justoneapi',
    server: 'justoneapi',
    platform: 'INSTAGRAM',
    username: 'carsoncantcode',
    postCount: 45,
    servesThreads: false,
  },
  'threads-web': { id: 'threads-web', server: 'threads-web', platform: 'THREADS', username: 'zuck', postCount: 45, servesThreads: true },
  'threads-web-public': {
    id: 'threads-web-public',
    server: 'threads-web',
    platform: 'THREADS',
    username: 'zuck',
    postCount: 45,
    servesThreads: true,
  },
};

/** The single list of setups the tests iterate over instead of repeating their own unions. */
export const SETUPS: readonly ProviderSetup[] = Object.values(SETUP_BY_ID);

/** The setup with this id. */
export function setup(id: SetupId): ProviderSetup {
  return SETUP_BY_ID[id];
}

/** The setups that satisfy `serves`, for tests of one capability. */
export function setupsWhere(serves: (candidate: ProviderSetup) => boolean): ProviderSetup[] {
  return SETUPS.filter(serves);
}
