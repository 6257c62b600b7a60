import { afterEach, describe, expect, it } from 'vitest';
import { readFixture } from '../../src/demo/fixtures.js';
import { json, type FakeReply } from '../../src/demo/fake-server.js';
import { createJsonLogger } from '../../src/logger.js';
import { UserPostTimesQuery } from '../documents/users.js';
import type { Platform } from '../generated/graphql.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';
import type { ProviderSetup } from '../support/setups.js';

type Item = Record<string, unknown>;
const clone = <T>(value: T): T => structuredClone(value);
const without = (item: Item, field: string): Item => Object.fromEntries(Object.entries(item).filter(([key]) => key !== field));

const aisa = readFixture<{ users: Record<string, { user: Item; items: Item[] }> }>('aisa', 'dataset.json').users.carsoncantcode!;
const justone = readFixture<{ users: Record<string, { user: Item; items: Item[] }> }>('justoneapi', 'dataset.json').users.carsoncantcode!;
const sociavault = readFixture<{ users: Record<string, { posts: Item[] }> }>('sociavault', 'dataset.json').users.zuck!;
const graphPosts = readFixture<{ posts: Record<string, Item[]> }>('threads-graph', 'dataset.json').posts.zuck!;
const web = readFixture<{ users: Record<string, { posts: string[] }>; posts: Record<string, { private: Item }> }>(
  'threads-web',
  'dataset.json',
);

const keyed = (items: unknown[]) => Object.fromEntries(items.map((item, index) => [String(index), item]));
const webThread = (post: Item) => ({ thread_items: [{ post }], id: post.id });

interface Case {
  name: string;
  provider: ProviderSetup['server'];
  platform: Platform;
  username: string;
  /** The vendor's page of 12 items with the one at BAD damaged, or null for a request it answers as usual. */
  page: (path: string) => FakeReply | null;
  ids: string[];
}

const TWELVE = 12;
const BAD = 3;
const damageAt = <T>(items: T[], damage: (item: T) => T) =>
  items.slice(0, TWELVE).map((item, index) => (index === BAD ? damage(clone(item)) : item));
const idsWithout = (ids: string[]) => ids.slice(0, TWELVE).filter((_, index) => index !== BAD);

const CASES: Case[] = [
  {
    name: 'AIsa: an item without taken_at',
    provider: 'aisa',
    platform: 'INSTAGRAM',
    username: 'carsoncantcode',
    page: () =>
      json(200, { items: damageAt(aisa.items, (item) => without(item, 'taken_at')), more_available: false, user: aisa.user, status: 'ok' }),
    ids: idsWithout(aisa.items.map((item) => String(item.pk))),
  },
  {
    name: 'JustOneAPI: an item without any id',
    provider: 'justoneapi',
    platform: 'INSTAGRAM',
    username: 'carsoncantcode',
    page: () =>
      json(200, {
        code: 0,
        message: 'success',
        data: {
          data: { count: 12, items: damageAt(justone.items, (item) => without(without(item, 'id'), 'pk')), user: justone.user },
          pagination_token: '',
        },
      }),
    ids: idsWithout(justone.items.map((item) => String(item.pk))),
  },
  {
    name: 'SociaVault: a post whose taken_at is a word, in a keyed list',
    provider: 'sociavault',
    platform: 'THREADS',
    username: 'zuck',
    page: () =>
      json(200, {
        success: true,
        data: { posts: keyed(damageAt(sociavault.posts, (item) => ({ ...item, taken_at: 'yesterday' }))) },
        credits_used: 1,
      }),
    ids: idsWithout(sociavault.posts.map((item) => String(item.pk))),
  },
  {
    name: 'Threads Graph API: a post without a username',
    provider: 'threads-graph',
    platform: 'THREADS',
    username: 'zuck',
    page: (path) =>
      path.endsWith('/profile_lookup')
        ? null
        : json(200, { data: damageAt(graphPosts, (item) => without(item, 'username')), paging: { cursors: { before: 'b', after: 'a' } } }),
    ids: idsWithout(graphPosts.map((item) => String(item.id))),
  },
  {
    name: 'threads-web mobile: a thread whose post has no taken_at',
    provider: 'threads-web',
    platform: 'THREADS',
    username: 'zuck',
    page: (path) => {
      if (!path.includes('/text_feed/')) return null;
      const posts = web.users.zuck!.posts.map((id) => web.posts[id]!.private);
      return json(200, { threads: damageAt(posts, (item) => without(item, 'taken_at')).map(webThread), status: 'ok' });
    },
    ids: idsWithout(web.users.zuck!.posts),
  },
];

const fakes = useFakeUpstreams();

afterEach(() => {
  for (const server of Object.values(fakes.servers)) server.override(null);
});

describe('one item a vendor sent that cannot be read costs only itself', () => {
  it.each(CASES)(
    '$name: the other 11 arrive in order, with one UPSTREAM_BAD_ITEM at the connection, a metric and one log line',
    async (testCase) => {
      const lines: string[] = [];
      const graph = await GraphServer.inProcess(envFor(fakes, [testCase.provider], { UPSTREAM_CACHE: 'on' }), {
        logger: createJsonLogger('warn', (line) => lines.push(line)),
      });
      try {
        const fake = fakes.servers[testCase.provider];
        const original = fake.requests.length;
        // Requests the case does not vary (a profile page, a profile lookup) keep the vendor's own answer.
        fake.override((request) => testCase.page(request.path));
        for (let attempt = 0; attempt < 2; attempt += 1) {
          const result = await graph.query(UserPostTimesQuery, { platform: testCase.platform, username: testCase.username, first: 12 });
          expect(result.data?.user?.posts?.edges.map((edge) => edge.node.nativeId)).toEqual(testCase.ids);
          expect(result.data?.user?.posts?.edges.every((edge) => !edge.node.createdAt.startsWith('1970'))).toBe(true);
          expect(result.errors).toEqual([
            expect.objectContaining({
              path: ['user', 'posts'],
              extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_ITEM', count: 1, provider: testCase.provider }),
            }),
          ]);
        }
        expect(fake.requests.length).toBeGreaterThan(original);
        const metric = await graph.app.metrics.registry.getSingleMetricAsString('feedgraph_upstream_items_dropped_total');
        expect(metric).toMatch(
          new RegExp(`feedgraph_upstream_items_dropped_total\\{provider="${testCase.provider}",operation="\\w+"\\} 1$`),
        );
        // Logged once for the vendor answer (the second query reads it from the cache), with the vendor's index.
        const logged = lines
          .map((line) => JSON.parse(line) as { msg: string; dropped?: { count: number; items: { index: number; reason: string }[] } })
          .filter((line) => line.msg === 'vendor list items left out');
        expect(logged).toHaveLength(1);
        expect(logged[0]?.dropped).toMatchObject({ count: 1, items: [{ index: BAD }] });
      } finally {
        await graph.close();
      }
    },
  );
});
