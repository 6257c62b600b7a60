import { readFileSync } from 'node:fs';
import { isIntrospectionType, isObjectType, isInterfaceType, isEnumType, isSpecifiedScalarType, type GraphQLNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { printedSchema, printedSubgraphSchema } from '../../src/tools/print-schema.js';

function undescribed(type: GraphQLNamedType): string[] {
  const missing = type.description ? [] : [type.name];
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (!field.description) missing.push(`${type.name}.${field.name}`);
      for (const argument of field.args) if (!argument.description) missing.push(`${type.name}.${field.name}(${argument.name})`);
    }
  }
  if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  return missing;
}

describe('schema/schema.graphql', () => {
  it('is exactly what the Pothos schema prints (run `npm run schema` after a schema change)', () => {
    expect(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8')).toBe(printedSchema());
  });

  it('has a twin, schema/subgraph.graphql, that is exactly the printed Federation subgraph SDL', () => {
    const subgraph = readFileSync(new URL('../../schema/subgraph.graphql', import.meta.url), 'utf8');
    expect(subgraph).toBe(printedSubgraphSchema());
    expect(subgraph).toMatch(/@link\(url: "https:\/\/specs.apollo.dev\/federation\/v2.6"/);
    for (const entity of ['User', 'Post', 'Thread'])
      expect(subgraph).toMatch(new RegExp(`type ${entity} implements Node\\s*@key\\(fields: "id"\\)`));
  });

  it('describes every type, field, argument and enum value', () => {
    const types = Object.values(schema.getTypeMap()).filter((type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type));
    expect(types.flatMap(undescribed)).toEqual([]);
  });
});
