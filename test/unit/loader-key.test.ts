import { describe, expect, it } from 'vitest';
import { callKey } from '../../src/loader-key.js';

describe('loader keys', () => {
  it('gives equal arguments one key whatever order their fields were written in', () => {
    const user = { username: 'zuck', nativeId: null };
    const page = { token: null, direction: 'after', since: null, until: null };
    expect(callKey([user, page])).toBe(
      callKey([
        { nativeId: null, username: 'zuck' },
        { until: null, since: null, direction: 'after', token: null },
      ]),
    );
  });

  it('tells apart null and a value, but not an absent field and an undefined one', () => {
    expect(callKey([{ token: null }])).not.toBe(callKey([{ token: 'null' }]));
    expect(callKey([{ token: null }])).not.toBe(callKey([{}]));
    expect(callKey([{ token: 'a', direction: undefined }])).toBe(callKey([{ token: 'a' }]));
  });

  it('writes times as instants and keeps argument positions apart', () => {
    expect(callKey([{ since: new Date('2025-01-01T00:00:00Z') }])).toBe(callKey([{ since: new Date(Date.UTC(2025, 0, 1)) }]));
    expect(callKey([{ since: new Date('2025-01-01T00:00:00Z') }])).not.toBe(callKey([{ since: new Date('2025-01-02T00:00:00Z') }]));
    expect(callKey(['a', 'b'])).not.toBe(callKey(['a,b']));
    expect(callKey(['zuck', null])).not.toBe(callKey(['zuck']));
  });
});
