import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { FakeServer, RecordedRequest } from '../src/demo/fake-server.js';
import { DEMO_CREDENTIALS, startFakeUpstreams } from '../src/demo/index.js';
import { type AisaDataset, startAisaFake } from '../src/providers/aisa/fake.js';
import { DISTINCT_HANDLES, FAN_OUT_HANDLES, SEED_HANDLE } from './mesh-scenarios.js';

/**
 * The benchmark's fake vendors, in a process of their own so their work does not share feedgraph's event
 * loop. IPC: 'mark' starts recording the calls of one query at a vendor, 'calls' returns them; 'count' the total.
 * Besides the demo fakes, a fake AIsa serves the benchmark's users with the item of seed 001's payload.
 */
type Vendor = 'threads-graph' | 'aisa';
type Message = { type: 'mark'; vendor?: Vendor } | { type: 'calls' } | { type: 'count'; vendor?: Vendor } | { type: 'stop' };

const AISA_POSTS_PER_USER = 24;

/** Seed 001's example page, from the OpenAPI document Mesh reads: one item and the profile. */
function seedPage(): { item: Record<string, unknown>; user: Record<string, unknown> } {
  const document = parse(readFileSync(new URL('./aisa-openapi.yaml', import.meta.url), 'utf8'));
  const example = document.paths['/instagram/user/posts'].get.responses['200'].content['application/json'].example;
  return { item: example.items[0], user: example.user };
}

type Account = AisaDataset['users'][string];

/** Every benchmark user gets the seed's item, renumbered, with the handle asked as owner. */
function accountFactory(): (handle: string, userIndex: number) => Account {
  const { item, user } = seedPage();
  const [seedMediaPk, seedUserPk] = String(item.id).split('_') as [string, string];
  const seedCode = String(item.code);
  return (handle, userIndex) => {
    const userPk = String(BigInt(seedUserPk) + BigInt(userIndex));
    const renamed = (value: unknown) => JSON.stringify(value).replaceAll(SEED_HANDLE, handle).replaceAll(seedUserPk, userPk);
    const items = Array.from({ length: AISA_POSTS_PER_USER }, (_, postIndex) => {
      const mediaPk = String(BigInt(seedMediaPk) - BigInt(postIndex));
      const text = renamed(item)
        .replaceAll(seedMediaPk, mediaPk)
        .replaceAll(seedCode, `${seedCode.slice(0, 8)}${String(postIndex).padStart(3, '0')}`);
      return { ...JSON.parse(text), taken_at: Number(item.taken_at) - postIndex * 3_600 };
    });
    return { user: JSON.parse(renamed(user)), items };
  };
}

/** The fan-out users and the distinct-users load's pool, each with the seed's item renumbered. */
function aisaDataset(): AisaDataset {
  const accountOf = accountFactory();
  const handles = [...FAN_OUT_HANDLES, ...DISTINCT_HANDLES];
  return { users: Object.fromEntries(handles.map((handle, index) => [handle, accountOf(handle, index)])) };
}

const latency = Number(process.env.BENCH_UPSTREAM_LATENCY_MS ?? '0');
const fakes = await startFakeUpstreams();
const aisa = await startAisaFake(DEMO_CREDENTIALS.aisaApiKey, aisaDataset());
const vendors: Record<Vendor, FakeServer> = { 'threads-graph': fakes.servers['threads-graph'], aisa };
for (const server of [...Object.values(fakes.servers), aisa]) {
  server.setLatency(latency);
  server.recordRequests(false);
}
let upstream = vendors['threads-graph'];
let marked: RecordedRequest[] = [];

process.on('message', (message: Message) => {
  if (message.type === 'mark') {
    upstream = vendors[message.vendor ?? 'threads-graph'];
    upstream.requests.length = 0;
    upstream.recordRequests(true);
    process.send?.({ type: 'marked' });
  } else if (message.type === 'calls') {
    upstream.recordRequests(false);
    marked = [...upstream.requests];
    process.send?.({ type: 'calls', calls: marked.map((call) => ({ path: call.path, query: call.query })) });
  } else if (message.type === 'count') {
    process.send?.({ type: 'count', count: vendors[message.vendor ?? 'threads-graph'].requestCount });
  } else {
    void Promise.all([fakes.close(), aisa.close()]).then(() => process.exit(0));
  }
});
process.send?.({
  type: 'ready',
  settings: fakes.providerSettings,
  aisa: { baseUrl: aisa.url, apiKey: DEMO_CREDENTIALS.aisaApiKey },
});
