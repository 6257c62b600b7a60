import { readFile, writeFile } from 'node:fs/promises';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../schema/index.js';

const SCHEMA_FILE = new URL('../../schema/schema.graphql', import.meta.url);

/** The client-facing SDL exactly as committed in schema/schema.graphql. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** `--check` fails when the committed file is stale; without it the file is rewritten. */
async function main(): Promise<void> {
  const printed = printedSchema();
  if (process.argv.includes('--check')) {
    const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    if (committed !== printed) {
      console.error('schema/schema.graphql is stale: run `npm run schema` and commit the result.');
      process.exit(1);
    }
    console.log('schema/schema.graphql is current.');
    return;
  }
  await writeFile(SCHEMA_FILE, printed);
  console.log('wrote schema/schema.graphql');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
