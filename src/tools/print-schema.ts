import { readFile, writeFile } from 'node:fs/promises';
import { printSubgraphSchema } from '@apollo/subgraph';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema, subgraphSchema } from '../schema/index.js';
import { describeChanges, schemaChanges } from './schema-changes.js';

const SCHEMA_FILE = new URL('../../schema/schema.graphql', import.meta.url);
const SUBGRAPH_FILE = new URL('../../schema/subgraph.graphql', import.meta.url);

/** The client-facing SDL exactly as committed in schema/schema.graphql. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** The Federation v2 subgraph SDL (with @link and @key) exactly as committed in schema/subgraph.graphql. */
export function printedSubgraphSchema(): string {
  return `${printSubgraphSchema(subgraphSchema)}\n`;
}

const FILES = [
  { file: SCHEMA_FILE, name: 'schema/schema.graphql', print: printedSchema },
  { file: SUBGRAPH_FILE, name: 'schema/subgraph.graphql', print: printedSubgraphSchema },
];

/**
 * `--check` fails when a committed file is stale, listing the changes (GraphQL Inspector) with the breaking
 * ones first. Without it the files are rewritten, unless the client-facing schema would break clients and
 * `--accept-breaking` was not given.
 */
async function main(): Promise<void> {
  const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
  const changes = await schemaChanges(committed, printedSchema());
  const report = describeChanges(changes);
  if (report) console.log(`Changes to the client-facing schema:\n${report}`);
  if (!process.argv.includes('--check') && changes.breaking.length > 0 && !process.argv.includes('--accept-breaking')) {
    console.error(
      `${changes.breaking.length} breaking change(s) for clients: nothing written. Deprecate instead, or run \`npm run schema -- --accept-breaking\`.`,
    );
    process.exit(1);
  }
  let stale = false;
  for (const { file, name, print } of FILES) {
    const printed = print();
    if (process.argv.includes('--check')) {
      const committed = await readFile(file, 'utf8').catch(() => '');
      if (committed !== printed) {
        console.error(`${name} is stale: run \`npm run schema\` and commit the result.`);
        stale = true;
      } else {
        console.log(`${name} is current.`);
      }
    } else {
      await writeFile(file, printed);
      console.log(`wrote ${name}`);
    }
  }
  if (stale) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
