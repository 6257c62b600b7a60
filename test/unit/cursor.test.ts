import { describe, expect, it } from 'vitest';
import { CursorCodec } from '../../src/cursor.js';

const scope = { connection: 'THREADS:userPosts', subject: 'user:zuck' };
const position = { provider: 'threads-graph' as const, token: 'QVFIUnative-after-token', direction: 'after' as const, offset: 5 };

function badCursor(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toMatchObject({ code: 'BAD_CURSOR' });
    return (error as Error).message;
  }
  throw new Error('expected BAD_CURSOR');
}

describe('cursors', () => {
  const codec = new CursorCodec('a-secret-that-is-long-enough-for-tests-000');

  it('round-trips provider, native token and offset for the same connection', () => {
    expect(codec.decode(codec.encode(position, scope), scope)).toEqual(position);
    expect(codec.decode(codec.encode({ ...position, token: null, offset: 0 }, scope), scope)).toEqual({
      ...position,
      token: null,
      offset: 0,
    });
    expect(codec.decode(codec.encode({ ...position, direction: 'before' }, scope), scope)).toEqual({ ...position, direction: 'before' });
  });

  it('never shows the vendor token in clear text, even base64-decoded', () => {
    const cursor = codec.encode(position, scope);
    expect(cursor).not.toContain('QVFIU');
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain('native-after-token');
  });

  it('rejects a cursor from another connection or subject', () => {
    const cursor = codec.encode(position, scope);
    expect(badCursor(() => codec.decode(cursor, { ...scope, subject: 'user:mosseri' }))).toMatch(/different connection/);
    expect(badCursor(() => codec.decode(cursor, { ...scope, connection: 'THREADS:followers' }))).toMatch(/different connection/);
  });

  it('rejects tampered, truncated, foreign-secret and garbage cursors', () => {
    const cursor = codec.encode(position, scope);
    const bytes = Buffer.from(cursor, 'base64url');
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 1;
    expect(badCursor(() => codec.decode(bytes.toString('base64url'), scope))).toMatch(/altered/);
    expect(badCursor(() => codec.decode(cursor.slice(0, -4), scope))).toMatch(/altered|not a cursor/);
    expect(badCursor(() => new CursorCodec('another-secret-entirely-0123456789').decode(cursor, scope))).toMatch(/altered|another server/);
    expect(badCursor(() => codec.decode('not a cursor!', scope))).toMatch(/not a cursor/);
    expect(badCursor(() => codec.decode('', scope))).toMatch(/not a cursor/);
  });

  it("rejects a spliced cursor (one cursor's offset, range and signature on another's page) and an altered offset", () => {
    const headerBytes = 1 + 4 + 6 + 16;
    const mine = Buffer.from(codec.encode(position, scope), 'base64url');
    const other = Buffer.from(codec.encode({ ...position, token: 'another-token', offset: 2 }, scope), 'base64url');
    const spliced = Buffer.concat([mine.subarray(0, headerBytes), other.subarray(headerBytes)]).toString('base64url');
    expect(badCursor(() => codec.decode(spliced, scope))).toMatch(/altered/);
    const shifted = Buffer.from(mine);
    shifted.writeUInt32BE(40, 1);
    expect(badCursor(() => codec.decode(shifted.toString('base64url'), scope))).toMatch(/altered/);
  });

  it('signs the offsets one page hands out once: moving an offset inside that range gives exactly the cursor of that other edge, and no further', () => {
    const range = { from: 3, count: 6 };
    const issued = Array.from({ length: 6 }, (_, index) => codec.encode({ ...position, offset: 3 + index }, scope, range));
    const moved = Buffer.from(issued[0]!, 'base64url');
    moved.writeUInt32BE(7, 1);
    expect(moved.toString('base64url')).toBe(issued[4]);
    expect(codec.decode(moved.toString('base64url'), scope)).toEqual({ ...position, offset: 7 });
    for (const outside of [2, 9, 0, 40]) {
      moved.writeUInt32BE(outside, 1);
      expect(badCursor(() => codec.decode(moved.toString('base64url'), scope))).toMatch(/altered/);
    }
    const widened = Buffer.from(issued[0]!, 'base64url');
    widened.writeUInt16BE(7, 1 + 4 + 4);
    expect(badCursor(() => codec.decode(widened.toString('base64url'), scope))).toMatch(/altered/);
  });

  it('rejects a cursor of another format version with a message saying so', () => {
    const bytes = Buffer.from(codec.encode(position, scope), 'base64url');
    bytes[0] = 1;
    expect(badCursor(() => codec.decode(bytes.toString('base64url'), scope))).toMatch(/older cursor format/);
  });
});
