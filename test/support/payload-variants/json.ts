/**
 * JSON documents as vendors write them, including what JSON.parse cannot keep: 64-bit integers written as bare
 * numbers (the Threads mobile API's `"pk": 3143857175171939857`) and a chosen key order.
 */

/** A 64-bit integer the vendor writes as a bare JSON number; kept exact here and written bare by `toJsonText`. */
export class BareInteger {
  constructor(readonly digits: string) {}

  toString(): string {
    return `BareInteger(${this.digits})`;
  }
}

export type Json = null | boolean | number | string | BareInteger | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}
export type JsonPath = readonly (string | number)[];

export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof BareInteger);
}

/** A list, or a list serialised as an object keyed "0", "1", ... (SociaVault), as its elements in order. */
export function listElements(value: Json | undefined): Json[] | null {
  if (Array.isArray(value)) return value;
  if (isJsonObject(value) && Object.keys(value).every((key) => /^\d+$/.test(key))) {
    return Object.keys(value)
      .sort((left, right) => Number(left) - Number(right))
      .map((key) => value[key]!);
  }
  return null;
}

export function getAt(root: Json, path: JsonPath): Json | undefined {
  let current: Json | undefined = root;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else if (isJsonObject(current) && typeof step === 'string' && Object.hasOwn(current, step)) current = current[step];
    else return undefined;
  }
  return current;
}

/**
 * The existing paths a dotted pattern names below `base`: `carousel_media.*.id` visits every child of a list or
 * of a keyed object. The last step may name a missing key of an existing object (a field to set or add).
 */
export function expand(root: Json, base: JsonPath, pattern: string): JsonPath[] {
  const steps = pattern === '' ? [] : pattern.split('.');
  let paths: JsonPath[] = getAt(root, base) === undefined ? [] : [base];
  steps.forEach((step, index) => {
    const last = index === steps.length - 1;
    paths = paths.flatMap((path) => {
      const value = getAt(root, path);
      if (step === '*') {
        if (Array.isArray(value)) return value.map((_, position) => [...path, position]);
        return isJsonObject(value) ? Object.keys(value).map((key) => [...path, key]) : [];
      }
      if (!isJsonObject(value)) return [];
      return Object.hasOwn(value, step) || last ? [[...path, step]] : [];
    });
  });
  return paths;
}

export function cloneJson(value: Json): Json {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, cloneJson(inner)]));
  return value;
}

/** Serialises like JSON.stringify, but writes a BareInteger as the bare number the vendor sends. */
export function toJsonText(value: Json): string {
  if (value instanceof BareInteger) return value.digits;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (isJsonObject(value))
    return `{${Object.entries(value)
      .map(([key, inner]) => `${JSON.stringify(key)}:${toJsonText(inner)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const BARE_MARK = '@@bare-integer:';

/** Parses vendor JSON text, keeping integers beyond 2^53 exact as BareIntegers instead of rounding them. */
export function parseJsonText(text: string): Json {
  const marked = text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, (whole, before: string, digits: string) =>
    Number.isSafeInteger(Number(digits)) ? whole : `${before}"${BARE_MARK}${digits}"`,
  );
  return revive(JSON.parse(marked) as Json);
}

function revive(value: Json): Json {
  if (typeof value === 'string' && value.startsWith(BARE_MARK)) return new BareInteger(value.slice(BARE_MARK.length));
  if (Array.isArray(value)) return value.map(revive);
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, revive(inner)]));
  return value;
}

/** Rewrites every string `pk` of a document as a bare number, as the Threads mobile API serialises them. */
export function barePks(value: Json): Json {
  if (Array.isArray(value)) return value.map(barePks);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === 'pk' && typeof inner === 'string' && /^\d+$/.test(inner) ? new BareInteger(inner) : barePks(inner),
    ]),
  );
}
