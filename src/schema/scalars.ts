import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, SafeIntResolver, URLResolver } from 'graphql-scalars';
import { LRUCache } from 'lru-cache';
import { builder } from '../builder.js';

/** How many distinct URLs keep their checked form: a few hundred cached vendor pages' media and profile pictures. */
const CHECKED_URLS = 20_000;
const checkedUrls = new LRUCache<string, string>({ max: CHECKED_URLS });

/**
 * graphql-scalars' URL, whose serialize parses every value with `new URL`: cached vendor pages hand out the same
 * URLs on every request, so each string is parsed and normalised once. Invalid values still fail every time.
 */
export const URLScalar = new GraphQLScalarType({
  ...URLResolver.toConfig(),
  serialize(value) {
    if (typeof value !== 'string') return URLResolver.serialize(value);
    let checked = checkedUrls.get(value);
    if (checked === undefined) {
      checked = URLResolver.serialize(value) as string;
      checkedUrls.set(value, checked);
    }
    return checked;
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('URL', URLScalar);
builder.addScalarType('SafeInt', SafeIntResolver);
