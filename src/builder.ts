import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import type { GraphContext } from './context.js';
import { FeedgraphError } from './errors.js';

/** The schema builder and its plugins; it defines no types (those live in src/schema/). */
export const builder = new SchemaBuilder<{
  Context: GraphContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    URL: { Input: URL; Output: string | URL };
    SafeInt: { Input: number; Output: number };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [RelayPlugin, ValidationPlugin],
  // Fields are non-null unless they read from an upstream that can fail; those say `nullable: true`.
  defaultFieldNullability: false,
  validation: {
    validationError: (failure) =>
      new FeedgraphError('BAD_USER_INPUT', `Invalid argument ${failure.issues.map((issue) => `${(issue.path ?? []).map((part) => (typeof part === 'object' ? String(part.key) : String(part))).join('.')}: ${issue.message}`).join('; ')}`),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
});
