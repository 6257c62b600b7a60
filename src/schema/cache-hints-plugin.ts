import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type PothosTypeConfig, type SchemaTypes } from '@pothos/core';
import { type CacheHint, FIELD_CACHE_HINTS, TYPE_CACHE_HINTS } from './cache-hints.js';

interface DirectiveUse {
  name: string;
  args?: unknown;
}

/** The directives plugin takes a list or a map by name (a repeated directive maps to a list of argument sets). */
function directiveList(directives: unknown): DirectiveUse[] {
  if (Array.isArray(directives)) return directives as DirectiveUse[];
  if (typeof directives !== 'object' || directives === null) return [];
  return Object.entries(directives).flatMap(([name, args]) =>
    Array.isArray(args) ? args.map((each) => ({ name, args: each })) : [{ name, args }],
  );
}

/** The hint in extensions (read by src/plugins/use-cache-control.ts) and as `@cacheControl` (printed in the subgraph SDL). */
function withHint(extensions: Readonly<Record<string, unknown>> | null | undefined, hint: CacheHint): Record<string, unknown> {
  return {
    ...extensions,
    cacheHint: hint,
    directives: [...directiveList(extensions?.directives), { name: 'cacheControl', args: { ...hint } }],
  };
}

/** Puts the hints of src/schema/cache-hints.ts on the types and fields they name, for every schema the builder builds. */
class CacheHintsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onTypeConfig(typeConfig: PothosTypeConfig): PothosTypeConfig {
    const hint = TYPE_CACHE_HINTS[typeConfig.name];
    return hint ? { ...typeConfig, extensions: withHint(typeConfig.extensions, hint) } : typeConfig;
  }

  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> | null {
    const hint = FIELD_CACHE_HINTS[`${fieldConfig.parentType}.${fieldConfig.name}`];
    return hint ? { ...fieldConfig, extensions: withHint(fieldConfig.extensions, hint) } : fieldConfig;
  }
}

const pluginName = 'cacheHints';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      cacheHints: CacheHintsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, CacheHintsPlugin);

export default pluginName;
