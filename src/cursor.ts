import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { PROVIDER_IDS, type ProviderId } from './domain.js';
import { FeedgraphError } from './errors.js';

/**
 * Where a connection resumes: the native page (the vendor's token, and whether it was fetched after or
 * before it) and how many of that page's items lie at or before the cursor.
 */
export interface CursorPosition {
  provider: ProviderId;
  token: string | null;
  direction: 'after' | 'before';
  offset: number;
}

/** What a cursor belongs to: the same connection (field) of the same subject with the same filtering arguments. */
export interface CursorScope {
  connection: string;
  subject: string;
}

/** Leading byte of a page cursor; 1 signed each offset on its own (one HMAC per edge). */
const VERSION = 3;
/** Leading byte of a bundle cursor (one cursor per merged list, e.g. the authors of a feed). */
const BUNDLE_VERSION = 2;
const OFFSET_BYTES = 4;
const RANGE_BYTES = 4 + 2;
const MAC_BYTES = 16;
const IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const SIGNED_START = 1 + OFFSET_BYTES;
const HEADER_BYTES = SIGNED_START + RANGE_BYTES + MAC_BYTES;
/** The widest range one signature covers (its count is two bytes); a Relay page hands out at most 100 edges. */
const MAX_RANGE = 0xffff;
const MEMO_LIMIT = 1_000;

/** The sealed part: which native page of which connection; the offset stays outside so a page is sealed once. */
interface PagePayload {
  p: ProviderId;
  s: string;
  t: string | null;
  /** Present (true) only for pages fetched with a vendor `before` token. */
  b?: true;
}

/** A sealed page reference, and its base64url text. */
interface SealedPage {
  bytes: Buffer;
  text: string;
}

/** The offsets of one native page that one response hands out as cursors: `from` to `from + count - 1`. */
export interface OffsetRange {
  from: number;
  count: number;
}

/**
 * A cursor is `version | offset | range | HMAC-SHA256(version | range | sealed page) | sealed page`, where
 * the sealed page is the page reference under AES-256-GCM and the range is the offsets of that page one
 * response handed out. The vendor token is neither readable nor forgeable, and the offset must lie in the
 * signed range: moving it inside the range gives exactly the cursor of another edge of the same response,
 * so nothing is reachable that was not handed out. The edges of one page share one encryption and one
 * HMAC. Sealing the same page twice gives the same bytes, which leaks nothing a cursor does not.
 */
export class CursorCodec {
  private readonly encryptionKey: Buffer;
  private readonly signingKey: Buffer;
  private readonly sealedPages = new Map<string, SealedPage>();
  private readonly scopeHashes = new Map<string, string>();
  private lastPage:
    | (Omit<CursorPosition, 'offset'> & CursorScope & { sealed: SealedPage; signed: { range: OffsetRange; head: Buffer } | null })
    | null = null;

  constructor(secret: string) {
    this.encryptionKey = createHash('sha256').update(`feedgraph-cursor-encryption:${secret}`).digest();
    this.signingKey = createHash('sha256').update(`feedgraph-cursor-signing:${secret}`).digest();
  }

  static withRandomSecret(): CursorCodec {
    return new CursorCodec(randomBytes(32).toString('hex'));
  }

  /** `range` is the offsets of this page the response hands out; by default just this one. */
  encode(position: CursorPosition, scope: CursorScope, handedOut?: OffsetRange): string {
    // A range too wide for its field (a sparse filter over a very long list) falls back to one signature per edge.
    const range = handedOut && handedOut.count <= MAX_RANGE ? handedOut : { from: position.offset, count: 1 };
    if (position.offset < range.from || position.offset >= range.from + range.count)
      throw new RangeError(`offset ${position.offset} is outside the range it is signed with`);
    const page = this.pageOf(position, scope);
    if (page.signed?.range.from !== range.from || page.signed.range.count !== range.count)
      page.signed = { range, head: this.signedHead(range, page.sealed) };
    const head = Buffer.from(page.signed.head);
    head.writeUInt32BE(position.offset, 1);
    // HEADER_BYTES is a multiple of 3, so base64url(head) + base64url(sealed) = base64url(head | sealed):
    // the sealed page is encoded once for all the edges of its page.
    return head.toString('base64url') + page.sealed.text;
  }

  decode(cursor: string, scope: CursorScope): CursorPosition {
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length < HEADER_BYTES + IV_BYTES + GCM_TAG_BYTES + 2 || bytes.toString('base64url') !== cursor)
      throw badCursor('it is not a cursor this API issued');
    if (bytes[0] !== VERSION) throw badCursor('it was issued in an older cursor format; start again from the first page');
    const sealed = bytes.subarray(HEADER_BYTES);
    if (!timingSafeEqual(bytes.subarray(SIGNED_START + RANGE_BYTES, HEADER_BYTES), this.sign(signedPartOf(bytes), sealed)))
      throw badCursor('it was altered, truncated or issued by another server');
    const offset = bytes.readUInt32BE(1);
    const from = bytes.readUInt32BE(SIGNED_START);
    if (offset < from || offset >= from + bytes.readUInt16BE(SIGNED_START + 4)) throw badCursor('it was altered');
    const page = this.openPage(sealed);
    if (page.s !== this.scopeHash(scope)) throw badCursor(`it belongs to a different connection than ${scope.connection}`);
    return { provider: page.p, token: page.t, direction: page.b ? 'before' : 'after', offset };
  }

  /**
   * One cursor for several merged lists: `2 | HMAC(scope, parts) | JSON(parts)`, each part itself a sealed
   * cursor of its own list (or null for a list not started), so no vendor token is readable here either and
   * parts from different pages or feeds cannot be recombined.
   */
  encodeBundle(parts: (string | null)[], scope: CursorScope): string {
    const body = Buffer.from(JSON.stringify(parts), 'utf8');
    return Buffer.concat([Buffer.from([BUNDLE_VERSION]), this.sign(this.bundleHeader(scope), body), body]).toString('base64url');
  }

  decodeBundle(cursor: string, scope: CursorScope, count: number): (string | null)[] {
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length < 1 + MAC_BYTES + 2 || bytes.toString('base64url') !== cursor || bytes[0] !== BUNDLE_VERSION)
      throw badCursor(`it is not a cursor of ${scope.connection}`);
    const body = bytes.subarray(1 + MAC_BYTES);
    if (!timingSafeEqual(bytes.subarray(1, 1 + MAC_BYTES), this.sign(this.bundleHeader(scope), body))) {
      throw badCursor(`it was altered or belongs to a different ${scope.connection}`);
    }
    const parts = JSON.parse(body.toString('utf8')) as unknown;
    if (!Array.isArray(parts) || parts.length !== count || !parts.every((part) => part === null || typeof part === 'string'))
      throw badCursor('it was altered');
    return parts as (string | null)[];
  }

  /** What a bundle's HMAC covers besides its parts: the version and the feed it belongs to. */
  private bundleHeader(scope: CursorScope): Buffer {
    return Buffer.concat([Buffer.from([BUNDLE_VERSION]), Buffer.from(this.scopeHash(scope))]);
  }

  private sign(header: Buffer, sealed: Buffer): Buffer {
    return createHmac('sha256', this.signingKey).update(header).update(sealed).digest().subarray(0, MAC_BYTES);
  }

  /** Everything of a cursor but its offset: the version, the signed range and its HMAC. */
  private signedHead(range: OffsetRange, sealed: SealedPage): Buffer {
    const head = Buffer.alloc(HEADER_BYTES);
    head[0] = VERSION;
    head.writeUInt32BE(range.from, SIGNED_START);
    head.writeUInt16BE(range.count, SIGNED_START + 4);
    this.sign(signedPartOf(head), sealed.bytes).copy(head, SIGNED_START + RANGE_BYTES);
    return head;
  }

  /** The edges of a page come one after another, so the last page sealed (and signed) is kept at hand. */
  private pageOf(position: CursorPosition, scope: CursorScope): NonNullable<CursorCodec['lastPage']> {
    const last = this.lastPage;
    if (
      last &&
      last.provider === position.provider &&
      last.token === position.token &&
      last.direction === position.direction &&
      last.connection === scope.connection &&
      last.subject === scope.subject
    ) {
      return last;
    }
    const page: PagePayload = {
      p: position.provider,
      s: this.scopeHash(scope),
      t: position.token,
      ...(position.direction === 'before' ? { b: true as const } : {}),
    };
    this.lastPage = {
      provider: position.provider,
      token: position.token,
      direction: position.direction,
      connection: scope.connection,
      subject: scope.subject,
      sealed: this.sealPage(page),
      signed: null,
    };
    return this.lastPage;
  }

  private sealPage(page: PagePayload): SealedPage {
    const plain = JSON.stringify(page);
    let sealed = this.sealedPages.get(plain);
    if (!sealed) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
      cipher.setAAD(Buffer.from([VERSION]));
      const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const bytes = Buffer.concat([iv, cipher.getAuthTag(), encrypted]);
      sealed = { bytes, text: bytes.toString('base64url') };
      remember(this.sealedPages, plain, sealed);
    }
    return sealed;
  }

  private openPage(sealed: Buffer): PagePayload {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from([VERSION]));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + GCM_TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + GCM_TAG_BYTES)), decipher.final()]).toString('utf8');
      return parsePagePayload(JSON.parse(plain));
    } catch {
      throw badCursor('it was altered, truncated or issued by another server');
    }
  }

  /** The edges of one page share their scope, so its hash is remembered (a small, bounded memo). */
  private scopeHash(scope: CursorScope): string {
    const text = `${scope.connection}\u0000${scope.subject}`;
    let hash = this.scopeHashes.get(text);
    if (hash === undefined) {
      hash = createHash('sha256').update(text).digest('base64url').slice(0, 22);
      remember(this.scopeHashes, text, hash);
    }
    return hash;
  }
}

/** The header bytes a page cursor's HMAC covers: its version and range, not its offset. */
function signedPartOf(header: Buffer): Buffer {
  return Buffer.concat([header.subarray(0, 1), header.subarray(SIGNED_START, SIGNED_START + RANGE_BYTES)]);
}

function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
}

function parsePagePayload(value: unknown): PagePayload {
  const page = value as Partial<PagePayload>;
  const valid =
    typeof page === 'object' &&
    page !== null &&
    (PROVIDER_IDS as readonly unknown[]).includes(page.p) &&
    typeof page.s === 'string' &&
    (page.t === null || typeof page.t === 'string') &&
    (page.b === undefined || page.b === true);
  if (!valid) throw new Error('malformed payload');
  return page as PagePayload;
}

function badCursor(reason: string): FeedgraphError {
  return new FeedgraphError('BAD_CURSOR', `Invalid cursor: ${reason}.`);
}
