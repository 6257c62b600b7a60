import type { Page, Post } from '../../domain.js';
import type { ErrorCode } from '../../errors.js';
import { parseMessageError, type VendorError } from '../http.js';
import { mapIgMedia, mapIgUser } from '../instagram-media/map.js';
import { droppedOf, mapChecked } from '../items.js';
import { envelope, type JustOneMedia, type UserPostsData } from './payloads.js';

const CONTEXT = { platform: 'INSTAGRAM', source: 'justoneapi' } as const;

export function mapPostsPage(data: UserPostsData): Page<Post> {
  const user = data.data.user;
  const context = { ...CONTEXT, fallbackAuthor: user };
  const { items, dropped } = mapChecked(data.data.items, (item) => mapIgMedia({ ...item, taken_at: takenAtOf(item) }, context));
  return {
    items,
    // An empty string is what the vendor sends on the last page.
    nextToken: data.pagination_token || null,
    owner: user ? mapIgUser(user, CONTEXT, true) : null,
    ...droppedOf(dropped),
  };
}

function takenAtOf(item: JustOneMedia): number | null {
  if (typeof item.taken_at === 'number') return item.taken_at;
  if (typeof item.taken_at_ts === 'number') return item.taken_at_ts;
  const date = item.taken_at_date ? Date.parse(item.taken_at_date) : Number.NaN;
  return Number.isNaN(date) ? null : Math.floor(date / 1000);
}

/**
 * The seed documents only `code: 0` (success). The non-zero codes below are the ones our fake upstream
 * sends (100 bad token, 301 no credit, 302 rate limited, 404 not found); any other code keeps the
 * vendor's message and counts as an upstream failure.
 */
export function codeForBusinessCode(code: number): ErrorCode {
  switch (code) {
    case 100:
    case 401:
    case 403:
      return 'UNAUTHENTICATED';
    case 301:
      return 'INSUFFICIENT_CREDITS';
    case 302:
    case 429:
      return 'RATE_LIMITED';
    case 404:
      return 'NOT_FOUND';
    case 400:
      return 'BAD_USER_INPUT';
    default:
      return 'UPSTREAM_UNAVAILABLE';
  }
}

/** The error a non-zero `code` stands for (every answer is HTTP 200), or null for a success or another shape. */
export function businessErrorOf(body: unknown): VendorError | null {
  const answer = envelope.safeParse(body);
  if (!answer.success || answer.data.code === 0) return null;
  const { code, message, msg } = answer.data;
  return { code: codeForBusinessCode(code), message: message ?? msg ?? `business code ${code}`, details: { vendorCode: code } };
}

/** Error bodies carry their message under a plain key (the seed does not say which). */
export const parseError = parseMessageError;
