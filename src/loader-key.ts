/**
 * The dedup and cache key of a call's arguments (user and post keys, page requests, vendor request
 * arguments): objects field by field in name order, so equal arguments give one key whatever order their
 * fields were written in. An absent field and an undefined one are the same; null is a value.
 */
export function callKey(args: readonly unknown[]): string {
  return `[${args.map(keyPart).join(',')}]`;
}

function keyPart(value: unknown): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (hasToJson(value)) return keyPart(value.toJSON());
  if (Array.isArray(value)) return callKey(value);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  let text = '';
  for (const name of Object.keys(record).sort()) {
    const field = record[name];
    if (field === undefined || typeof field === 'function') continue;
    text += `${text ? ',' : ''}${JSON.stringify(name)}:${keyPart(field)}`;
  }
  return `{${text}}`;
}

function hasToJson(value: unknown): value is { toJSON: () => unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
