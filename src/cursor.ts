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

const VERSION = 1;
/** Leading byte of a bundle cursor (one cursor per merged list, e.g. the authors of a feed). */
const BUNDLE_VERSION = 2;
const OFFSET_BYTES = 4;
const MAC_BYTES = 16;
const IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const HEADER_BYTES = 1 + OFFSET_BYTES + MAC_BYTES;
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

/**
 * A cursor is `version | offset | HMAC-SHA256(version | offset | sealed page) | sealed page`, where the
 * sealed page is the page reference under AES-256-GCM. The vendor token is therefore neither readable
 * nor forgeable, the offset cannot be altered, and the edges of one page share one encryption (each edge
 * costs one HMAC). Sealing the same page twice gives the same bytes, which leaks nothing a cursor does not.
 */
export class CursorCodec {
  private readonly encryptionKey: Buffer;
  private readonly signingKey: Buffer;
  private readonly sealedPages = new Map<string, SealedPage>();
  private readonly scopeHashes = new Map<string, string>();
  private lastPage: (Omit<CursorPosition, 'offset'> & CursorScope & { sealed: SealedPage }) | null = null;

  constructor(secret: string) {
    this.encryptionKey = createHash('sha256').update(`feedgraph-cursor-encryption:${secret}`).digest();
    this.signingKey = createHash('sha256').update(`feedgraph-cursor-signing:${secret}`).digest();
  }

  static withRandomSecret(): CursorCodec {
    return new CursorCodec(randomBytes(32).toString('hex'));
  }

  encode(position: CursorPosition, scope: CursorScope): string {
    const sealed = this.sealedPageOf(position, scope);
    const head = Buffer.allocUnsafe(HEADER_BYTES);
    head[0] = VERSION;
    head.writeUInt32BE(position.offset, 1);
    this.sign(head.subarray(0, 1 + OFFSET_BYTES), sealed.bytes).copy(head, 1 + OFFSET_BYTES);
    // HEADER_BYTES is a multiple of 3, so base64url(head) + base64url(sealed) = base64url(head | sealed):
    // the sealed page is encoded once for all the edges of its page.
    return head.toString('base64url') + sealed.text;
  }

  decode(cursor: string, scope: CursorScope): CursorPosition {
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length < HEADER_BYTES + IV_BYTES + GCM_TAG_BYTES + 2 || bytes.toString('base64url') !== cursor) throw badCursor('it is not a cursor this API issued');
    if (bytes[0] !== VERSION) throw badCursor('it was issued in an older cursor format; start again from the first page');
    const header = bytes.subarray(0, 1 + OFFSET_BYTES);
    const sealed = bytes.subarray(HEADER_BYTES);
    if (!timingSafeEqual(bytes.subarray(1 + OFFSET_BYTES, HEADER_BYTES), this.sign(header, sealed))) throw badCursor('it was altered, truncated or issued by another server');
    const page = this.openPage(sealed);
    if (page.s !== this.scopeHash(scope)) throw badCursor(`it belongs to a different connection than ${scope.connection}`);
    return { provider: page.p, token: page.t, direction: page.b ? 'before' : 'after', offset: header.readUInt32BE(1) };
  }

  /**
   * One cursor for several merged lists: `2 | HMAC(scope, parts) | JSON(parts)`, each part itself a sealed
   * cursor of its own list (or null for a list not started), so no vendor token is readable here either and
   * parts from different pages or feeds cannot be recombined.
   */
  encodeBundle(parts: (string | null)[], scope: CursorScope): string {
    const body = Buffer.from(JSON.stringify(parts), 'utf8');
    const header = Buffer.from([BUNDLE_VERSION]);
    return Buffer.concat([header, this.sign(Buffer.concat([header, Buffer.from(this.scopeHash(scope))]), body), body]).toString('base64url');
  }

  decodeBundle(cursor: string, scope: CursorScope, count: number): (string | null)[] {
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length < 1 + MAC_BYTES + 2 || bytes.toString('base64url') !== cursor || bytes[0] !== BUNDLE_VERSION) throw badCursor(`it is not a cursor of ${scope.connection}`);
    const header = bytes.subarray(0, 1);
    const body = bytes.subarray(1 + MAC_BYTES);
    if (!timingSafeEqual(bytes.subarray(1, 1 + MAC_BYTES), this.sign(Buffer.concat([header, Buffer.from(this.scopeHash(scope))]), body))) {
      throw badCursor(`it was altered or belongs to a different ${scope.connection}`);
    }
    const parts = JSON.parse(body.toString('utf8')) as unknown;
    if (!Array.isArray(parts) || parts.length !== count || !parts.every((part) => part === null || typeof part === 'string')) throw badCursor('it was altered');
    return parts as (string | null)[];
  }

  private sign(header: Buffer, sealed: Buffer): Buffer {
    return createHmac('sha256', this.signingKey).update(header).update(sealed).digest().subarray(0, MAC_BYTES);
  }

  /** The edges of a page come one after another, so the last page sealed is kept at hand. */
  private sealedPageOf(position: CursorPosition, scope: CursorScope): SealedPage {
    const last = this.lastPage;
    if (last && last.provider === position.provider && last.token === position.token && last.direction === position.direction && last.connection === scope.connection && last.subject === scope.subject) {
      return last.sealed;
    }
    const page: PagePayload = { p: position.provider, s: this.scopeHash(scope), t: position.token, ...(position.direction === 'before' ? { b: true as const } : {}) };
    const sealed = this.sealPage(page);
    this.lastPage = { provider: position.provider, token: position.token, direction: position.direction, connection: scope.connection, subject: scope.subject, sealed };
    return sealed;
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
