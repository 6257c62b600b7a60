import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TTL_SECONDS } from '../../src/providers/vendor-calls.js';
import { printedSubgraphSchema } from '../../src/tools/print-schema.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const fakes = useFakeUpstreams();
let feedgraph: GraphServer;
let gateway: ReturnType<typeof createGatewayRuntime>;

const vendorCalls = () => fakes.servers['threads-graph'].requestCount;

/** The gateway's cache storage: a map that keeps what it is given and the TTL (seconds) it was given with; no test waits for expiry. */
class RecordingCache {
  readonly entries = new Map<string, { value: unknown; ttlSeconds: number | null }>();
  get(key: string): unknown {
    return this.entries.get(key)?.value;
  }
  set(key: string, value: unknown, options?: { ttl?: number | null }): void {
    this.entries.set(key, { value, ttlSeconds: options?.ttl ?? null });
  }
  delete(key: string): boolean {
    return this.entries.delete(key);
  }
  getKeysByPrefix(prefix: string): string[] {
    return [...this.entries.keys()].filter((key) => key.startsWith(prefix));
  }
}
const cache = new RecordingCache();

beforeAll(async () => {
  feedgraph = await GraphServer.start(envFor(fakes, ['threads-graph']));
  const composition = composeServices([{ name: 'feedgraph', typeDefs: parse(printedSubgraphSchema()), url: feedgraph.url }]);
  if (!composition.supergraphSdl) throw new Error(composition.errors?.map((error) => error.message).join('\n'));
  // One cache for everyone (no session), with the cache's decisions in `extensions.responseCache`.
  gateway = createGatewayRuntime({
    supergraph: composition.supergraphSdl,
    logging: false,
    cache,
    responseCaching: { session: () => null, includeExtensionMetadata: true },
  });
});

afterAll(async () => {
  await gateway?.dispose();
  await feedgraph?.close();
});

interface GatewayAnswer {
  data?: unknown;
  errors?: unknown[];
  extensions?: { responseCache?: { hit: boolean; ttl?: number } };
}

async function throughGateway(query: string): Promise<GatewayAnswer> {
  const response = await gateway.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as GatewayAnswer;
}

// Raw on purpose: written against the composed supergraph, which the typed documents are not checked against.
describe("Hive Gateway's response cache in front of feedgraph", () => {
  it("keeps a timeline answer for feedgraph's max-age and answers it again without a vendor call", async () => {
    const query = '{ user(platform: THREADS, username: "zuck") { username posts(first: 3) { edges { node { text } } } } }';
    const first = await throughGateway(query);
    expect(first.errors).toBeUndefined();
    expect(first.extensions?.responseCache).toMatchObject({ hit: false, ttl: TTL_SECONDS.posts * 1000 });
    expect([...cache.entries.values()].map((entry) => entry.ttlSeconds)).toContain(TTL_SECONDS.posts);
    const callsAfterFirst = vendorCalls();

    const second = await throughGateway(query);
    expect(second.extensions?.responseCache).toMatchObject({ hit: true });
    expect(second.data).toEqual(first.data);
    expect(vendorCalls()).toBe(callsAfterFirst);
  });

  it('keeps a profile alone for the profile TTL', async () => {
    const answer = await throughGateway('{ user(platform: THREADS, username: "mosseri") { username fullName } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.extensions?.responseCache).toMatchObject({ hit: false, ttl: TTL_SECONDS.profile * 1000 });
  });
});
