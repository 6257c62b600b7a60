import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors.js';
import { isExpiredWebSession, parseError, webRefusalError } from '../../src/providers/threads-web/map.js';

const envelope = (error: number) =>
  JSON.stringify({
    __ar: 1,
    error,
    errorSummary: 'Sorry, something went wrong',
    errorDescription: 'Please try closing and re-opening your browser window.',
    payload: null,
  });

describe('the Threads web refusal envelope', () => {
  it('reads a for (;;);-prefixed 1357004 as an expired session that must not be retried blindly, whatever the status', () => {
    const expired = { code: 'UPSTREAM_UNAVAILABLE', details: { retryable: false, webSession: 'EXPIRED' } };
    expect(parseError(400, undefined, `for (;;);${envelope(1357004)}`)).toMatchObject(expired);
    expect(parseError(200, undefined, `for (;;);${envelope(1357004)}`)).toMatchObject(expired);
    expect(webRefusalError(envelope(1357004))).toMatchObject(expired);
    expect(webRefusalError(`for (;;);${envelope(1357004)}`)?.message).toBe(
      'the web refused the anonymous session (1357004: Sorry, something went wrong Please try closing and re-opening your browser window.)',
    );
  });

  it('never blames the caller for a refusal: login required is UNAUTHENTICATED, any other code the vendor', () => {
    expect(parseError(400, undefined, `for (;;);${envelope(1357001)}`)).toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { retryable: false },
    });
    expect(parseError(400, undefined, `for (;;);${envelope(1357054)}`)).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      details: { retryable: false },
    });
    expect(parseError(400, undefined, `for (;;);${envelope(1357001)}`)?.details).not.toHaveProperty('webSession');
    expect(parseError(400, undefined, 'for (;;);{"__ar":1,"error":1357004}')?.message).toBe(
      'the web refused the anonymous session (1357004: no reason given)',
    );
  });

  it('leaves GraphQL answers, HTML pages, cut-off envelopes and mobile API errors alone', () => {
    for (const text of [
      '{"data":{"userData":{"user":null}},"extensions":{"is_final":true}}',
      '<html><body>Oops</body></html>',
      'for (;;);{"__ar":1,"err',
      '{"message":"login_required","status":"fail"}',
      '',
    ]) {
      expect(webRefusalError(text)).toBeNull();
    }
    expect(parseError(403, { message: 'login_required', status: 'fail' }, '{"message":"login_required","status":"fail"}')?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('tells an expired session from every other provider error', () => {
    expect(
      isExpiredWebSession(
        new ProviderError('threads-web', 'UPSTREAM_UNAVAILABLE', 'refused', { details: { retryable: false, webSession: 'EXPIRED' } }),
      ),
    ).toBe(true);
    expect(isExpiredWebSession(new ProviderError('threads-web', 'UPSTREAM_UNAVAILABLE', 'HTTP 503'))).toBe(false);
    expect(isExpiredWebSession(new Error('webSession EXPIRED'))).toBe(false);
  });
});
