import { readdirSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { PROVIDER_IDS } from '../../src/domain.js';
import type { AnyProviderDescriptor } from '../../src/providers/descriptor.js';
import { PROVIDERS } from '../../src/providers/descriptors.js';

const PROVIDERS_FOLDER = new URL('../../src/providers/', import.meta.url);

function looksLikeDescriptor(value: unknown): value is AnyProviderDescriptor {
  return typeof value === 'object' && value !== null && 'settingsKey' in value && 'create' in value && 'demo' in value;
}

/** Every descriptor exported by a src/providers/<folder>/index.ts, named by folder and export. */
async function exportedDescriptors(): Promise<Array<{ where: string; descriptor: AnyProviderDescriptor }>> {
  const folders = readdirSync(PROVIDERS_FOLDER, { withFileTypes: true }).filter(
    (entry) => entry.isDirectory() && existsSync(new URL(`${entry.name}/index.ts`, PROVIDERS_FOLDER)),
  );
  const found: Array<{ where: string; descriptor: AnyProviderDescriptor }> = [];
  for (const folder of folders) {
    const module: Record<string, unknown> = await import(new URL(`${folder.name}/index.ts`, PROVIDERS_FOLDER).href);
    for (const [name, value] of Object.entries(module))
      if (looksLikeDescriptor(value)) found.push({ where: `src/providers/${folder.name}/index.ts (export ${name})`, descriptor: value });
  }
  return found;
}

describe('the provider descriptors', () => {
  it('lists in PROVIDERS every descriptor a provider folder exports', async () => {
    const exported = await exportedDescriptors();
    expect(exported.length).toBeGreaterThanOrEqual(PROVIDER_IDS.length);
    const listed = new Set<AnyProviderDescriptor>(PROVIDERS);
    const unlisted = exported
      .filter(({ descriptor }) => !listed.has(descriptor))
      .map(
        ({ where, descriptor }) => `descriptor "${descriptor.id}" from ${where} is missing from PROVIDERS in src/providers/descriptors.ts`,
      );
    expect(unlisted).toEqual([]);
  });

  it('gives every provider a unique id, settings key, credential key and env variables', () => {
    const variables = PROVIDERS.flatMap((descriptor) => Object.keys(descriptor.variables));
    for (const values of [
      PROVIDERS.map((descriptor) => descriptor.id),
      PROVIDERS.map((descriptor) => descriptor.settingsKey),
      PROVIDERS.map((descriptor) => descriptor.demo.credentialKey),
      variables,
    ]) {
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it.each(PROVIDERS.map((descriptor) => [descriptor.id, descriptor] as const))(
    'reads %s back from the env its environmentOf writes, and names its secrets among its settings',
    (_id, descriptor: AnyProviderDescriptor) => {
      const settings = descriptor.demo.settingsFor('http://127.0.0.1:9', 'a-demo-credential');
      const config = loadConfig(descriptor.environmentOf(settings));
      expect(new Map(Object.entries(config.providers)).get(descriptor.settingsKey)).toEqual(settings);
      expect(Object.keys(descriptor.variables)).toContain(descriptor.enabledBy);
      for (const secret of descriptor.secrets) expect(new Map(Object.entries(settings)).get(secret)).toBe('a-demo-credential');
    },
  );
});
