import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadsWorld } from '../../fixtures/generate/canonical.js';
import { UserNameQuery } from '../documents/users.js';
import { envFor, GraphServer, useFakeUpstreams } from '../support/graph-server.js';

const fakes = useFakeUpstreams();
let graph: GraphServer;
let subgraph: GraphServer;

const zuckId = encodeGlobalID('User', 'THREADS:zuck');
const zuckPostId = encodeGlobalID('Post', `THREADS:${threadsWorld().accounts[0]!.posts[0]!.id}@zuck`);
const upstreamCalls = () => Object.values(fakes.servers).reduce((total, server) => total + server.requestCount, 0);

beforeAll(async () => {
  graph = await GraphServer.start(envFor(fakes, ['threads-graph'], { FEDERATION_PREFIX: 'Social' }));
  subgraph = graph.at('/subgraph');
});

afterAll(async () => {
  await graph?.close();
});

// Raw on purpose: these documents are written against the prefixed subgraph schema, which codegen does not type.
describe('FEDERATION_PREFIX=Social', () => {
  it('prints the prefixed subgraph on _service: types, root fields, keys and the shareable PageInfo', async () => {
    const result = await subgraph.query<{ _service: { sdl: string } }, unknown>('{ _service { sdl } }');
    const sdl = result.data?._service.sdl ?? '';
    expect(sdl).toMatch(/type SocialUser implements SocialNode\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type SocialPost implements SocialNode\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type SocialPageInfo\s+@shareable/);
    expect(sdl).toMatch(/\n {2}socialUser\(\n/);
    expect(sdl).toMatch(/\n {2}socialNode\(\n/);
    expect(sdl).not.toMatch(/\btype User\b|\n {2}user\(/);
  });

  it('leaves /graphql as it is: same names, same ids', async () => {
    const result = await graph.query(UserNameQuery, { platform: 'THREADS', username: 'zuck' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.user?.username).toBe('zuck');
    const prefixed = await subgraph.query<{ socialUser: { id: string; __typename: string } }, unknown>(
      '{ socialUser(platform: THREADS, username: "zuck") { __typename id } }',
    );
    expect(prefixed.data).toEqual({ socialUser: { __typename: 'SocialUser', id: zuckId } });
  });

  it('answers an interface with the prefixed type on /subgraph and the own type on /graphql in the same process', async () => {
    const document = (field: string) => `{ ${field}(id: "${zuckPostId}") { __typename id } }`;
    const onSubgraph = await subgraph.query(document('socialNode'));
    const onGraph = await graph.query(document('node'));
    expect(onSubgraph.data).toEqual({ socialNode: { __typename: 'SocialPost', id: zuckPostId } });
    expect(onGraph.data).toEqual({ node: { __typename: 'Post', id: zuckPostId } });
  });

  it('resolves representations named with the prefix, and names the prefixed typenames when one is not', async () => {
    const result = await subgraph.query<{ _entities: unknown[] }, unknown>(
      'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on SocialUser { username } } }',
      {
        representations: [
          { __typename: 'SocialUser', id: zuckId },
          { __typename: 'User', id: zuckId },
        ],
      },
    );
    expect(result.data?._entities).toEqual([{ username: 'zuck' }, null]);
    expect(result.errors?.map((error) => [error.path, error.message])).toEqual([
      [
        ['_entities', 1],
        'representations[1] must be an object {"__typename": "SocialUser", "SocialPost" or "SocialThread", "id": a global id}.',
      ],
    ]);
  });

  it('prices prefixed Post representations like posts read by id: 90 of them are refused before any vendor call', async () => {
    const before = upstreamCalls();
    const result = await subgraph.query(
      'query($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }',
      { representations: Array.from({ length: 90 }, () => ({ __typename: 'SocialPost', id: zuckPostId })) },
    );
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', limit: 'complexity' });
    expect(upstreamCalls()).toBe(before);
  });
});

describe('FEDERATION_PREFIX in production', () => {
  it('keeps the renamed providers field to admins, as Query.providers is', async () => {
    const production = await GraphServer.start(
      envFor(fakes, ['threads-graph'], { NODE_ENV: 'production', AUTH: 'off', SUBGRAPH: 'on', FEDERATION_PREFIX: 'Social' }),
    );
    try {
      const result = await production.at('/subgraph').query('{ socialProviders { id } }');
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(result.data ?? null).toBeNull();
    } finally {
      await production.close();
    }
  });
});
