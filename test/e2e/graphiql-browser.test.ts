import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';

/** Debian's chromium (installed by .ci/run); another browser binary can be named with CHROMIUM_PATH. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const ARTIFACTS = new URL('../artifacts/', import.meta.url);

if (!available) {
  const message = `GraphiQL browser test SKIPPED: no Chromium at ${CHROMIUM}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH; .ci/run installs it.`;
  if (process.env.CI) throw new Error(`${message} In CI this is a failure.`);
  console.warn(`\n*** ${message} ***\n`);
}

describe.skipIf(!available)('GraphiQL in a real browser (headless Chromium, playwright-core)', () => {
  let app: App;
  let server: Server;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    app = await startApp({ DEMO: '1' });
    server = createServer(app.yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    await app?.close();
  });

  it('opens the demo GraphiQL with no network, runs the default query and renders demo data from both platforms', async () => {
    // Tall enough that the editors (which only render visible lines) show the whole result.
    const page = await browser.newPage({ viewport: { width: 1400, height: 14000 } });
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('http://127.0.0.1') && !request.url().startsWith('blob:') && !request.url().startsWith('data:'))
        external.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    // The editor fills in the default query once its workers are up; run only then.
    // biome-ignore lint/performance/useDomNodeTextContent: the editor's rendered lines, with their line breaks, are what a person reads
    await expect.poll(async () => page.locator('.graphiql-query-editor .view-lines').innerText(), { timeout: 30_000 }).toMatch(/FirstLook/);
    await run.click();
    // The editors render spaces as non-breaking spaces.
    // biome-ignore lint/performance/useDomNodeTextContent: the editor's rendered lines, with their line breaks, are what a person reads
    const readResponse = async () => (await page.locator('.graphiql-response .view-lines').innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(readResponse, { timeout: 30_000 }).toMatch(/"source": "threads-graph"/);
    const text = await readResponse();
    expect(text).toMatch(/"username": "zuck"/);
    expect(text).toMatch(/"username": "carsoncantcode"/);
    expect(text).not.toMatch(/"errors"/);
    // What the query cost, under the data (extensions.cost).
    expect(text).toMatch(/"pricedUpstreamCalls": \d+/);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('graphiql.png', ARTIFACTS).pathname, fullPage: true });
    expect(external).toEqual([]);
  }, 90_000);
});
