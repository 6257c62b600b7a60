/** `value`, or a failure naming what was missing: for the nullable fields of typed results a test expects to be there. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${value}`);
  return value;
}
