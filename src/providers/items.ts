import { z } from 'zod';
import type { DroppedItem } from '../domain.js';

/** A vendor list checked item by item: one item the schema rejects is set aside, not the whole list. */
export interface CheckedList<T> {
  entries: { index: number; value: T }[];
  rejected: { index: number; reason: string }[];
}

/** Thrown by a mapper for an item that lacks what the graph may not invent (an author, an id). */
export class UnmappableItem extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnmappableItem';
  }
}

/** `{}` is how vendors that serialise arrays as keyed objects send an empty one. */
function emptyObjectAsList(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0 ? [] : value;
}

/** A list whose container may be `{}` for empty, and whose items are validated one by one. */
export function checkedList<Item extends z.ZodType>(item: Item) {
  return z.preprocess(
    emptyObjectAsList,
    z.array(z.unknown()).transform((values): CheckedList<z.output<Item>> => {
      const checked: CheckedList<z.output<Item>> = { entries: [], rejected: [] };
      values.forEach((value, index) => {
        const result = item.safeParse(value);
        if (result.success) checked.entries.push({ index, value: result.data });
        else checked.rejected.push({ index, reason: reasonOf(result.error) });
      });
      return checked;
    }),
  );
}

/** A list that is empty when absent, `null` or `{}`, and otherwise validated whole (nested renditions, children). */
export function lenientList<Item extends z.ZodType>(item: Item) {
  return z.preprocess((value) => (value === null || value === undefined ? [] : emptyObjectAsList(value)), z.array(item));
}

function reasonOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(item)'}: ${issue.message}` : 'unexpected shape';
}

export interface MappedList<R> {
  items: R[];
  dropped: DroppedItem[];
}

/** Maps the accepted entries; an entry its mapper calls unmappable joins the rejected ones. */
export function mapChecked<T, R>(list: CheckedList<T>, map: (value: T, index: number) => R): MappedList<R> {
  const items: R[] = [];
  const dropped: DroppedItem[] = [];
  let rejected = 0;
  const drop = (index: number, reason: string) => dropped.push({ index, position: items.length, reason });
  for (const entry of list.entries) {
    while (rejected < list.rejected.length && list.rejected[rejected]!.index < entry.index) {
      const { index, reason } = list.rejected[rejected++]!;
      drop(index, reason);
    }
    try {
      items.push(map(entry.value, entry.index));
    } catch (error) {
      if (!(error instanceof UnmappableItem)) throw error;
      drop(entry.index, error.message);
    }
  }
  for (const { index, reason } of list.rejected.slice(rejected)) drop(index, reason);
  return { items, dropped };
}

/** A page's `dropped`, present only when something was. */
export function droppedOf(dropped: DroppedItem[]): { dropped?: DroppedItem[] } {
  return dropped.length > 0 ? { dropped } : {};
}
