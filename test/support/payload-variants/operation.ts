import type { RecordedRequest } from '../../../src/demo/fake-server.js';
import type { ProviderId } from '../../../src/domain.js';
import type { Site } from './engine.js';
import { BareInteger, isJsonObject, type Json, type JsonObject } from './json.js';

export type Adapter = ProviderId | 'threads-web-public';

/** What the graph must show for one vendor item, or why the item is damaged and must be left out. */
export type Verdict = { expected: unknown } | { damaged: string };

/** One vendor operation, served from a document the tests vary, and read back through one GraphQL query. */
export interface VendorOperation {
  name: string;
  /** The fake that answers, and the provider errors must name. */
  provider: ProviderId;
  adapters: Adapter[];
  /** The vendor's answers: a list of pages, each the body of one response. */
  document: Json;
  /** Which page answers a request; null leaves the request to the fake's own behaviour (tokens, profile pages). */
  pageFor(request: RecordedRequest): number | null;
  /** The answer to the operation's requests the document does not describe (e.g. the replies under each reply). */
  elsewhere?(request: RecordedRequest): Json | null;
  query: string;
  /** Where the connection, or the single object, sits in `data`: also the path its errors carry. */
  path: string[];
  kind: 'list' | 'single';
  sites: Site[];
  /** The oracle: each vendor item, in the vendor's order, read from the (varied) document. */
  verdicts(document: Json): Verdict[];
  /** Other values the same query reads (the profile a posts page carries, the root of a conversation). */
  also?(document: Json): Array<{ path: string[]; expected: unknown }>;
  /** A damaged single object may still be answered this way (a profile without its username, named by the handle asked for). */
  acceptsDamaged?(value: unknown, reason: string): boolean;
}

/** Reads the fields the graph shows, noting every value of a type the vendor never sends. */
export class FieldReader {
  readonly problems: string[] = [];

  count(value: Json | undefined, label: string): number | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    this.problems.push(`${label} is ${describe(value)}`);
    return null;
  }

  text(value: Json | undefined, label: string): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value;
    this.problems.push(`${label} is ${describe(value)}`);
    return null;
  }

  flag(value: Json | undefined, label: string): boolean | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'boolean') return value;
    this.problems.push(`${label} is ${describe(value)}`);
    return null;
  }

  object(value: Json | undefined, label: string): JsonObject | null {
    if (value === undefined || value === null) return null;
    if (isJsonObject(value)) return value;
    this.problems.push(`${label} is ${describe(value)}`);
    return null;
  }

  /** A field the item cannot do without. */
  required<T>(value: T | null, label: string): T | null {
    if (value === null) this.problems.push(`${label} is missing`);
    return value;
  }

  verdict(expected: unknown): Verdict {
    return this.problems.length ? { damaged: this.problems.join('; ') } : { expected };
  }
}

function describe(value: Json): string {
  if (value instanceof BareInteger) return 'a bare number';
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : `a ${typeof value}`;
}

export function isoFromSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

export const POST_SELECTION =
  'nativeId text createdAt mediaType likeCount replyCount repostCount quoteCount shareCount viewCount author { username }';

export interface ExpectedPost {
  nativeId: string;
  text: string | null;
  createdAt: string;
  mediaType: string;
  likeCount: number | null;
  replyCount: number | null;
  repostCount: number | null;
  quoteCount: number | null;
  shareCount: number | null;
  viewCount: number | null;
  author: { username: string };
}

export const NO_COUNTS = {
  likeCount: null,
  replyCount: null,
  repostCount: null,
  quoteCount: null,
  shareCount: null,
  viewCount: null,
} as const;
