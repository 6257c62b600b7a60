import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import { expect } from 'vitest';
import type { FakeServer } from '../../../src/demo/fake-server.js';
import { getAt, toJsonText, type Json } from './json.js';
import type { VendorOperation } from './operation.js';

/** Answers the operation's vendor requests from `document`, one page per request; the fake keeps the rest. */
export function serve(fake: FakeServer, operation: VendorOperation, document: Json): void {
  fake.override((request) => {
    const page = operation.pageFor(request);
    const answer = page === null ? (operation.elsewhere?.(request) ?? null) : (getAt(document, [page]) ?? null);
    return page === null && answer === null ? null : { status: 200, body: toJsonText(answer) };
  });
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
    data,
  );
}

function seenErrors(errors: readonly GraphQLFormattedError[] | undefined, withCount: boolean) {
  return (errors ?? []).map((error) => ({
    message: error.message,
    path: error.path,
    code: error.extensions?.code,
    provider: error.extensions?.provider,
    ...(withCount ? { count: error.extensions?.count } : {}),
  }));
}

/** The fields of `actual` that `expected` names, so a comparison reads only what the oracle knows. */
function picked(actual: unknown, expected: unknown): unknown {
  if (!actual || typeof actual !== 'object' || !expected || typeof expected !== 'object') return actual;
  return Object.fromEntries(Object.keys(expected).map((key) => [key, (actual as Record<string, unknown>)[key]]));
}

/**
 * The contract: items that keep their identity arrive exact and in order with no error; a damaged item is left
 * out with one UPSTREAM_BAD_ITEM error on the connection; a damaged single object is null with one error.
 */
export function judge(operation: VendorOperation, document: Json, result: ExecutionResult<Record<string, unknown>>): void {
  const verdicts = operation.verdicts(document);
  const damaged = verdicts.flatMap((verdict) => ('damaged' in verdict ? [verdict.damaged] : []));
  const value = valueAt(result.data, operation.path);
  const also = operation.also?.(document) ?? [];
  const badItem = { message: expect.any(String), path: operation.path, provider: operation.provider };
  const reason = damaged.length ? `damaged by the variant: ${damaged.join(' | ')}` : 'no item damaged';

  if (operation.kind === 'list') {
    const connection = value as { edges: Array<{ node: unknown }> } | null | undefined;
    expect(seenErrors(result.errors, true), reason).toEqual(
      damaged.length ? [{ ...badItem, code: 'UPSTREAM_BAD_ITEM', count: damaged.length }] : [],
    );
    expect(connection ? connection.edges.map((edge) => edge.node) : connection, reason).toEqual(
      verdicts.flatMap((verdict) => ('expected' in verdict ? [verdict.expected] : [])),
    );
  } else if (verdicts[0] && 'expected' in verdicts[0]) {
    expect(seenErrors(result.errors, false), reason).toEqual([]);
    expect(value, reason).toEqual(verdicts[0].expected);
  } else if (!(value && operation.acceptsDamaged?.(value, damaged[0] ?? ''))) {
    const answered = `${reason}; the graph answered ${JSON.stringify(value)}`;
    expect(seenErrors(result.errors, false), answered).toEqual([
      { ...badItem, code: expect.stringMatching(/^UPSTREAM_BAD_(ITEM|RESPONSE)$/) },
    ]);
    expect(value, answered).toBeNull();
    return;
  }
  for (const { path, expected } of also)
    expect(picked(valueAt(result.data, path), expected), `${reason}; ${path.join('.')}`).toEqual(expected);
}

function brief(node: unknown): string {
  const text = JSON.stringify(node, (key, value: unknown) =>
    key === 'text' && typeof value === 'string' && value.length > 30 ? `${value.slice(0, 30)}…` : value,
  );
  return text.length > 240 ? `${text.slice(0, 240)}…` : text;
}

/** One line saying how the graph's answer broke the contract, for the checklist of variants tried alone. */
export function explain(operation: VendorOperation, document: Json, result: ExecutionResult<Record<string, unknown>>): string {
  if (result.errors?.length)
    return result.errors
      .map((error) => `${String(error.extensions?.code)} at ${(error.path ?? []).join('.')}: ${error.message}`)
      .join(' | ');
  const verdicts = operation.verdicts(document);
  const expected = verdicts.flatMap((verdict) => ('expected' in verdict ? [verdict.expected] : []));
  const damaged = verdicts.flatMap((verdict) => ('damaged' in verdict ? [verdict.damaged] : []));
  const value = valueAt(result.data, operation.path);
  const shown =
    operation.kind === 'list' ? ((value as { edges?: Array<{ node: unknown }> } | null)?.edges ?? []).map((edge) => edge.node) : [value];
  const due = new Set(expected.map((item) => JSON.stringify(item)));
  const extra = shown.filter((node) => !due.has(JSON.stringify(node)));
  if (damaged.length && extra.length === damaged.length)
    return `no error, and the damaged item (${damaged.join('; ')}) is shown as ${brief(extra[0])}`;
  const index = shown.findIndex((node, position) => JSON.stringify(node) !== JSON.stringify(expected[position]));
  if (index < 0)
    return shown.length === expected.length ? 'no error where one was due' : `${shown.length} items shown, ${expected.length} due`;
  return `item ${index} shown as ${brief(shown[index])}, due ${brief(expected[index])}`;
}
