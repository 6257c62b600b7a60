import { composeServices as composeWithApollo } from '@apollo/composition';
import { composeServices as composeWithTheGuild } from '@theguild/federation-composition';
import { getNamedType, isInterfaceType, isObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { UPSTREAM_COST } from '../../src/builder.js';
import { cachePolicyOf } from '../../src/plugins/cache-policy.js';
import { TTL_SECONDS } from '../../src/providers/vendor-calls.js';
import { cacheHintOf } from '../../src/schema/cache-hints.js';
import { schema, subgraphSchema } from '../../src/schema/index.js';
import { printedSchema, printedSubgraphSchema } from '../../src/tools/print-schema.js';

/** Whether the complexity plugin prices the field as at least one vendor call (a function prices by arguments). */
function pricedAsVendorCall(complexity: unknown): boolean {
  if (typeof complexity === 'function') return true;
  if (typeof complexity === 'number') return complexity >= UPSTREAM_COST;
  return typeof complexity === 'object' && complexity !== null && ((complexity as { field?: number }).field ?? 0) >= UPSTREAM_COST;
}

// Raw on purpose: these documents are only walked for their policy, never executed; some use the subgraph's own fields.
const policyOf = (document: string, against = schema) => cachePolicyOf(against, parse(document), undefined);

describe('cache hints in the schemas', () => {
  it('prints every hint as @cacheControl in the subgraph SDL and none in the client SDL', () => {
    const subgraph = printedSubgraphSchema();
    expect(subgraph).toMatch(/directive @cacheControl\(/);
    expect(subgraph).toMatch(
      new RegExp(`type User implements Node\\s*@key\\(fields: "id"\\)\\s*@cacheControl\\(maxAge: ${TTL_SECONDS.profile}\\)`),
    );
    expect(subgraph).toMatch(/type ProviderStatus\s*@cacheControl\(maxAge: 5, scope: PRIVATE\)/);
    expect(subgraph).toMatch(new RegExp(`\\): ReplyConnection @cacheControl\\(maxAge: ${TTL_SECONDS.replies}\\)`));
    expect(printedSchema()).not.toMatch(/cacheControl|CacheControlScope/);
  });

  it('gives every field priced as a vendor call a hint, on itself or on the type it returns', () => {
    const unhinted = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) || isInterfaceType(type))
      .flatMap((type) => Object.values(type.getFields()).map((field) => ({ type, field })))
      .filter(({ field }) => pricedAsVendorCall(field.extensions.complexity))
      .filter(({ field }) => !cacheHintOf(field) && !cacheHintOf(getNamedType(field.type)))
      .map(({ type, field }) => `${type.name}.${field.name}`);
    expect(unhinted).toEqual(['Query.node', 'Query.nodes']);
    expect(policyOf('{ node(id: "x") { id } }')).toEqual({ maxAge: TTL_SECONDS.replies, scope: 'PUBLIC' });
  });

  it('composes alone with Apollo composition and The Guild composition', () => {
    const service = { name: 'feedgraph', url: 'http://feedgraph.test/graphql', typeDefs: parse(printedSubgraphSchema()) };
    expect(composeWithTheGuild([service]).errors ?? []).toEqual([]);
    expect(composeWithApollo([service]).errors ?? []).toEqual([]);
  });
});

describe('the cache policy of an operation', () => {
  it('narrows through fragments and inline fragments to the smallest age, private once any part is', () => {
    const document = `
      query Q { user(platform: THREADS, username: "zuck") { ...Timeline } ... on Query { providers { id } } }
      fragment Timeline on User { posts(first: 1) { edges { node { ...Conversation } } } }
      fragment Conversation on Post { likers(first: 1) { edges { node { username } } } }`;
    expect(policyOf(document)).toEqual({ maxAge: 5, scope: 'PRIVATE' });
  });

  it('is the named operation’s, not the whole document’s', () => {
    const document = `query Profile { user(platform: THREADS, username: "zuck") { username } }
      query Replies { post(platform: THREADS, id: "1") { replies(first: 1) { edges { cursor } } } }`;
    expect(cachePolicyOf(schema, parse(document), 'Profile')).toEqual({ maxAge: TTL_SECONDS.profile, scope: 'PUBLIC' });
    expect(cachePolicyOf(schema, parse(document), 'Replies')).toEqual({ maxAge: TTL_SECONDS.replies, scope: 'PUBLIC' });
  });

  it('takes the shortest of the entity types behind _entities, and allows none for _service or __typename alone', () => {
    expect(policyOf('{ _entities(representations: []) { ... on User { username } } }', subgraphSchema)).toEqual({
      maxAge: TTL_SECONDS.replies,
      scope: 'PUBLIC',
    });
    expect(policyOf('{ _service { sdl } }', subgraphSchema)).toBeNull();
    expect(policyOf('{ __typename }')).toBeNull();
    expect(policyOf('{ __type(name: "User") { name } user(platform: THREADS, username: "zuck") { username } }')).toBeNull();
  });
});
