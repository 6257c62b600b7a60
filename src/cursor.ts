import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
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
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Payload {
  p: ProviderId;
  s: string;
  t: string | null;
  o: number;
  /** Present (true) only for pages fetched with a vendor `before` token. */
  b?: true;
}

/**
 * Cursors are AES-256-GCM sealed: the vendor token inside is neither readable nor forgeable, and the
 * authentication tag binds the payload to the format version byte that leads it.
 */
export class CursorCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`feedgraph-cursor:${secret}`).digest();
  }

  static withRandomSecret(): CursorCodec {
    return new CursorCodec(randomBytes(32).toString('hex'));
  }

  encode(position: CursorPosition, scope: CursorScope): string {
    const payload: Payload = { p: position.provider, s: scopeHash(scope), t: position.token, o: position.offset, ...(position.direction === 'before' ? { b: true as const } : {}) };
    const iv = randomBytes(IV_BYTES);
    const version = Buffer.from([VERSION]);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(version);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return Buffer.concat([version, iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  decode(cursor: string, scope: CursorScope): CursorPosition {
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length < 1 + IV_BYTES + TAG_BYTES + 2 || bytes.toString('base64url') !== cursor) throw badCursor('it is not a cursor this API issued');
    if (bytes[0] !== VERSION) throw badCursor('it was issued in an older cursor format; start again from the first page');
    const payload = this.open(bytes);
    if (payload.s !== scopeHash(scope)) throw badCursor(`it belongs to a different connection than ${scope.connection}`);
    return { provider: payload.p, token: payload.t, direction: payload.b ? 'before' : 'after', offset: payload.o };
  }

  private open(bytes: Buffer): Payload {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(1, 1 + IV_BYTES));
      decipher.setAAD(bytes.subarray(0, 1));
      decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      return parsePayload(JSON.parse(plain));
    } catch {
      throw badCursor('it was altered, truncated or issued by another server');
    }
  }
}

function parsePayload(value: unknown): Payload {
  const payload = value as Partial<Payload>;
  const valid =
    typeof payload === 'object' &&
    payload !== null &&
    (PROVIDER_IDS as readonly unknown[]).includes(payload.p) &&
    typeof payload.s === 'string' &&
    (payload.t === null || typeof payload.t === 'string') &&
    Number.isInteger(payload.o) &&
    (payload.o ?? -1) >= 0 &&
    (payload.b === undefined || payload.b === true);
  if (!valid) throw new Error('malformed payload');
  return payload as Payload;
}

function scopeHash(scope: CursorScope): string {
  return createHash('sha256').update(`${scope.connection}\u0000${scope.subject}`).digest('base64url').slice(0, 22);
}

function badCursor(reason: string): FeedgraphError {
  return new FeedgraphError('BAD_CURSOR', `Invalid cursor: ${reason}.`);
}
