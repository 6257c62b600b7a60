import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

export interface SchemaChanges {
  breaking: Change[];
  dangerous: Change[];
  safe: Change[];
}

/** What changes between the committed client-facing SDL and a new one, sorted by GraphQL Inspector's criticality. */
export async function schemaChanges(committedSdl: string, nextSdl: string): Promise<SchemaChanges> {
  const changes = committedSdl.trim() ? await diff(buildSchema(committedSdl), buildSchema(nextSdl)) : [];
  const of = (level: CriticalityLevel) => changes.filter((change) => change.criticality.level === level);
  return { breaking: of(CriticalityLevel.Breaking), dangerous: of(CriticalityLevel.Dangerous), safe: of(CriticalityLevel.NonBreaking) };
}

export function describeChanges(changes: SchemaChanges): string {
  const lines = [
    ...changes.breaking.map((change) => `  BREAKING   ${change.message}`),
    ...changes.dangerous.map((change) => `  DANGEROUS  ${change.message}`),
    ...changes.safe.map((change) => `  safe       ${change.message}`),
  ];
  return lines.join('\n');
}
