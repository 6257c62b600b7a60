/**
 * Sends `count` distinct documents (the same query under a new alias each time, as a client or an attacker
 * varying one name would) to an in-process graph and prints the heap and RSS before and after, in MB, as JSON.
 * Run with `node --expose-gc --import tsx`, so the figures are read after a full collection.
 */
import { startApp } from '../../src/app.js';

const count = Number(process.argv[2] ?? '20000');
const app = await startApp({ DEMO: '1' });
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const megabytes = (bytes: number) => Math.round(bytes / 1_000_000);
const measure = () => {
  collect();
  const usage = process.memoryUsage();
  return { heap: megabytes(usage.heapUsed), rss: megabytes(usage.rss) };
};

const send = async (index: number) => {
  const query = `{ a${index}: providers { id configured } b${index}: __typename }`;
  const response = await app.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  if (response.status !== 200) throw new Error(`query ${index} answered ${response.status}`);
  await response.text();
};
// The same document twice first, so the comparison includes one that graphql-jit did compile.
for (let index = 0; index < 1_000; index += 1) await send(-1);
const before = measure();
for (let index = 0; index < count; index += 1) await send(index);
const after = measure();
await app.close();
process.stdout.write(`${JSON.stringify({ count, before, after })}\n`);
