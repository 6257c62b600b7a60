import { readFile, writeFile } from 'node:fs/promises';
import { printSubgraphSchema } from '@apollo/subgraph';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema, subgraphSchema } from '../schema/index.js';

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

/** `--check` fails when a committed file is stale; without it the files are rewritten. */
async function main(): Promise<void> {
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
