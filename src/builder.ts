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
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with the cursor to resume after it.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'An opaque cursor: pass it as `after` to read the items that follow this one.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    idFieldOptions: { description: 'A global id, the same whichever provider served the object; resolve it with `node(id:)`.' },
    nodeTypeOptions: { description: 'An object with a global id (Relay).' },
    pageInfoTypeOptions: { description: 'Paging state of a connection (Relay).' },
    hasNextPageFieldOptions: { description: 'Whether more items follow `endCursor`.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page (true when it was read with `after`).' },
    startCursorFieldOptions: { description: 'The cursor of the first item of the page.' },
    endCursorFieldOptions: { description: 'The cursor of the last item of the page: pass it as `after` for the next page.' },
    firstArgOptions: { description: 'How many items to return: 1 to 100, default 20.' },
    afterArgOptions: { description: 'Return the items after this cursor (an `endCursor` or edge `cursor` of this same connection).' },
    lastArgOptions: { description: 'How many items to return before `before`: 1 to 100. Only where the vendor pages backwards (the Threads Graph API); elsewhere BAD_USER_INPUT.' },
    beforeArgOptions: { description: 'Return the items before this cursor; goes with `last`.' },
    defaultEdgeTypeOptions: { description: 'One item of a connection and its cursor.' },
    nodeQueryOptions: { description: 'Any object by its global id.', args: { id: { description: 'A global id from an `id` field.' } } },
    nodesQueryOptions: { description: 'Several objects by global id, in the order asked; an unknown or unreadable one is null.', args: { ids: { description: 'Global ids from `id` fields.' } } },
  },
});
