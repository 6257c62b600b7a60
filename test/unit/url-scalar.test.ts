import { URLResolver } from 'graphql-scalars';
import { describe, expect, it } from 'vitest';
import { URLScalar } from '../../src/schema/scalars.js';

describe('URL scalar', () => {
  it("serializes as graphql-scalars' URL does, the first time and every time after", () => {
    const values = ['https://scontent.cdninstagram.com/v/t51/1.jpg?stp=dst-jpg&_nc_ht=x', 'HTTPS://Example.COM/a b', 'https://example.com'];
    for (const value of values) {
      const expected = URLResolver.serialize(value);
      expect(URLScalar.serialize(value)).toBe(expected);
      expect(URLScalar.serialize(value)).toBe(expected);
    }
  });

  it('refuses a value that is no URL every time it is asked', () => {
    for (let attempt = 0; attempt < 2; attempt += 1) expect(() => URLScalar.serialize('not a url')).toThrow();
  });

  it('keeps the name and description the schema prints', () => {
    expect(URLScalar.name).toBe(URLResolver.name);
    expect(URLScalar.description).toBe(URLResolver.description);
  });
});
