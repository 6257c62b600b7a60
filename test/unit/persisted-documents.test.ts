import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ManifestError, PersistedDocumentManifest, sha256Hex } from '../../src/persisted/manifest.js';
import { InMemoryPersistedQueryStore } from '../../src/persisted/query-store.js';
import { usePersistedDocuments } from '../../src/persisted/use-persisted-documents.js';
import { subgraphSchema } from '../../src/schema/index.js';

const directory = mkdtempSync(join(tmpdir(), 'feedgraph-manifest-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function manifestFile(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

const providers = '{ providers { id } }';

describe('the APQ store in memory', () => {
  it('keeps at most its number of entries, dropping the least recently used', async () => {
    const store = new InMemoryPersistedQueryStore(2);
    await store.set('a', '{ a }');
    await store.set('b', '{ b }');
    await store.get('a');
    await store.set('c', '{ c }');
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual(['{ a }', undefined, '{ c }']);
  });

  it('keeps at most its number of characters, however few entries', async () => {
    const store = new InMemoryPersistedQueryStore(1_000, 100);
    for (let index = 0; index < 10; index += 1) await store.set(String(index), `{ ${'x'.repeat(40)} }`);
    expect(store.size).toBe(2);
    await store.set('huge', 'y'.repeat(101));
    expect(await store.get('huge')).toBeUndefined();
  });
});

describe('the persisted documents manifest', () => {
  it('finds a document by its sha256: id and by the bare hex of extensions.persistedQuery', () => {
    const manifest = PersistedDocumentManifest.fromEntries({
      [`sha256:${sha256Hex(providers)}`]: providers,
      'my-own-id': '{ nodes(ids: []) { id } }',
    });
    expect(manifest.get(`sha256:${sha256Hex(providers)}`)).toBe(providers);
    expect(manifest.get(sha256Hex(providers))).toBe(providers);
    expect(manifest.get('my-own-id')).toBe('{ nodes(ids: []) { id } }');
    expect(manifest.get(sha256Hex('{ other }'))).toBeUndefined();
  });

  it('refuses a sha256: id that is not the hash of its document, and a document that does not parse, naming each', () => {
    const attempt = () =>
      PersistedDocumentManifest.fromEntries({ [`sha256:${sha256Hex('{ other }')}`]: providers, broken: '{ providers {' });
    expect(attempt).toThrow(ManifestError);
    expect(attempt).toThrow(/sha256:[0-9a-f]{64}: is not the SHA-256 of its document/);
    expect(attempt).toThrow(/broken: Syntax Error/);
  });

  it('stops the server when a document no longer validates against the schema', () => {
    const manifest = PersistedDocumentManifest.fromEntries({ stale: '{ providers { removedField } }' });
    expect(() => usePersistedDocuments({ manifest, only: true, apq: null }, subgraphSchema)).toThrow(ConfigError);
    expect(() => usePersistedDocuments({ manifest, only: true, apq: null }, subgraphSchema)).toThrow(
      /stale: Cannot query field "removedField"/,
    );
  });
});

describe('persisted documents settings from the environment', () => {
  it('has automatic persisted queries on, bounded, with no manifest by default', () => {
    expect(loadConfig({}).persisted).toEqual({ manifest: null, only: false, apq: { maxEntries: 1_000 } });
    expect(loadConfig({ APQ: 'off' }).persisted.apq).toBeNull();
    expect(loadConfig({ APQ_MAX_ENTRIES: '50' }).persisted.apq).toEqual({ maxEntries: 50 });
  });

  it('reads the manifest at start-up; trusted-only mode turns registration off', () => {
    const path = manifestFile('good.json', JSON.stringify({ [`sha256:${sha256Hex(providers)}`]: providers }));
    const settings = loadConfig({ PERSISTED_DOCUMENTS: path, PERSISTED_DOCUMENTS_ONLY: 'true' }).persisted;
    expect(settings.only).toBe(true);
    expect(settings.apq).toBeNull();
    expect(settings.manifest?.get(sha256Hex(providers))).toBe(providers);
  });

  it('refuses trusted-only mode without a manifest, naming both variables', () => {
    expect(() => loadConfig({ PERSISTED_DOCUMENTS_ONLY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ PERSISTED_DOCUMENTS_ONLY: 'true' })).toThrow(/PERSISTED_DOCUMENTS_ONLY: needs PERSISTED_DOCUMENTS/);
  });

  it('refuses a manifest it cannot read or that is not one, naming PERSISTED_DOCUMENTS and the file', () => {
    const missing = join(directory, 'missing.json');
    expect(() => loadConfig({ PERSISTED_DOCUMENTS: missing })).toThrow(
      new RegExp(`PERSISTED_DOCUMENTS: cannot read the persisted documents manifest ${missing}: ENOENT`),
    );
    const notJson = manifestFile('not-json.json', 'query {');
    expect(() => loadConfig({ PERSISTED_DOCUMENTS: notJson })).toThrow(/PERSISTED_DOCUMENTS: .*not-json\.json is not JSON/);
    const list = manifestFile('list.json', JSON.stringify([providers]));
    expect(() => loadConfig({ PERSISTED_DOCUMENTS: list })).toThrow(
      /PERSISTED_DOCUMENTS: .*list\.json is not a map of document ids to documents/,
    );
  });
});
