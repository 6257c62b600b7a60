import { generate } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subgraphSchema } from '../../src/schema/index.js';

/** Types for a schema as a client's codegen would build them: every scalar must be mapped (`strictScalars`). */
async function typesFor(schema: string) {
  const [output] = await generate(
    {
      schema,
      silent: true,
      generates: {
        'types.ts': {
          plugins: ['typescript'],
          config: { strictScalars: true, scalars: { DateTime: 'string', URL: 'string', SafeInt: 'number' } },
        },
      },
    },
    false,
  );
  return output?.content ?? '';
}

describe('codegen with strictScalars', () => {
  it('types the client schema served on /graphql (schema/schema.graphql): it has no Federation scalar to map', async () => {
    const types = await typesFor('schema/schema.graphql');
    expect(types).toContain('export type User = Node & {');
    expect(types).not.toContain('_Any');
  });

  it('fails on the subgraph schema, which is why /graphql no longer serves it', async () => {
    await expect(typesFor(printSchema(subgraphSchema))).rejects.toThrow(/Unknown scalar type _Any/);
  });
});
