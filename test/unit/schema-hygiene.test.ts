import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../src/tools/print-schema.js';
import { schemaChanges } from '../../src/tools/schema-changes.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('schema hygiene (graphql-eslint)', () => {
  it('passes the Relay, naming and description rules of eslint.config.mjs', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintFiles(['schema/schema.graphql']);
    expect(result?.messages.map((message) => `${message.line}: ${message.ruleId} ${message.message}`)).toEqual([]);
  });

  it('catches a violation (so the check above can fail)', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText('type Query {\n  """A field."""\n  thing_name: String\n}\n', {
      filePath: 'schema/schema.graphql',
    });
    expect(result?.messages.map((message) => message.ruleId)).toEqual(
      expect.arrayContaining(['@graphql-eslint/require-description', '@graphql-eslint/naming-convention']),
    );
  });
});

describe('schema change check (GraphQL Inspector)', () => {
  const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');

  it('finds no change between the committed schema and the code', async () => {
    const changes = await schemaChanges(committed, printedSchema());
    expect([...changes.breaking, ...changes.dangerous, ...changes.safe]).toEqual([]);
  });

  it('reports a removed field and a newly required argument as breaking, an added field as safe', async () => {
    const edited = committed
      .replace(/\n {2}"""Which provider served this post."""\n {2}source: String!\n/, '\n')
      .replace('  searchUsers(\n', '  searchUsers(\n    """Where."""\n    region: String!\n')
      .replace('type Query {', 'type Query {\n  """New."""\n  version: String!\n');
    const changes = await schemaChanges(committed, edited);
    expect(changes.breaking.map((change) => change.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/'source' was removed from object type 'Post'/),
        expect.stringMatching(/Argument 'region: String!' added/),
      ]),
    );
    expect(changes.safe.map((change) => change.message)).toEqual(expect.arrayContaining([expect.stringMatching(/version.*added/)]));
  });
});
