/** A cut or echoed secret is still a secret, so each piece of this many characters is redacted wherever it appears. */
const SECRET_PIECE_LENGTH = 8;
const MASK = '[redacted]';
const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>)\]]+/gi;

/**
 * Removes every configured secret from a text: whole (and URL-encoded) for secrets shorter than a piece, and
 * every run covered by some SECRET_PIECE_LENGTH-character piece of a secret otherwise, so a message cut in the
 * middle of a key, or a vendor echoing part of one, leaks no piece of it. Vendor URLs (which carry tokens for
 * Meta and JustOneAPI) are replaced too.
 */
export class Redactor {
  private readonly pieces = new Set<string>();
  private readonly whole: string[] = [];

  constructor(secrets: readonly string[]) {
    for (const secret of secrets) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) {
        if (form.length < SECRET_PIECE_LENGTH) this.whole.push(form);
        else
          for (let start = 0; start + SECRET_PIECE_LENGTH <= form.length; start += 1)
            this.pieces.add(form.slice(start, start + SECRET_PIECE_LENGTH));
      }
    }
  }

  redact(text: string): string {
    const withoutUrls = text.replace(URL_PATTERN, '[url]');
    const safe = this.whole.reduce((current, secret) => current.split(secret).join(MASK), withoutUrls);
    return this.pieces.size === 0 ? safe : this.maskPieces(safe);
  }

  private maskPieces(text: string): string {
    const covered = new Uint8Array(text.length);
    let found = false;
    for (let start = 0; start + SECRET_PIECE_LENGTH <= text.length; start += 1) {
      if (!this.pieces.has(text.slice(start, start + SECRET_PIECE_LENGTH))) continue;
      covered.fill(1, start, start + SECRET_PIECE_LENGTH);
      found = true;
    }
    if (!found) return text;
    let masked = '';
    for (let index = 0; index < text.length; ) {
      if (!covered[index]) {
        masked += text[index++];
        continue;
      }
      masked += MASK;
      while (covered[index]) index += 1;
    }
    return masked;
  }
}
