import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** What docs/operations.md states: 20,000 distinct documents grow the heap by less than this, and RSS stays under this. */
const HEAP_GROWTH_BOUND_MB = 64;
const RSS_BOUND_MB = 400;

describe('memory under distinct documents', () => {
  it(`keeps the heap within ${HEAP_GROWTH_BOUND_MB} MB of growth and RSS under ${RSS_BOUND_MB} MB over 20,000 distinct documents`, async () => {
    const script = new URL('../support/distinct-documents.ts', import.meta.url).pathname;
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', script, '20000'], {
      timeout: 240_000,
      maxBuffer: 1_000_000,
    });
    const { before, after } = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      before: { heap: number; rss: number };
      after: { heap: number; rss: number };
    };
    expect(after.heap - before.heap).toBeLessThan(HEAP_GROWTH_BOUND_MB);
    expect(after.rss).toBeLessThan(RSS_BOUND_MB);
  }, 300_000);
});
