import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import CacheHintsPlugin from './schema/cache-hints-plugin.js';
import type { GraphContext } from './context.js';
import { TIMELINE_SEARCH_PAGES } from './services/platform-service.js';
import { FeedgraphError } from './errors.js';

/** The schema builder and its plugins; it defines no types (those live in src/schema/). */
/** What one vendor call costs in the complexity budget. */
export const UPSTREAM_COST = 10;

/**
 * The most one global id can cost: a post is read by id where a provider can, and failing that looked for in
 * up to TIMELINE_SEARCH_PAGES pages of its owner's timeline.
 */
export const NODE_COST = UPSTREAM_COST * (1 + TIMELINE_SEARCH_PAGES);

/** What reading one object by its global id costs, by type: a user or a thread is one read, a post up to NODE_COST. */
const NODE_COSTS: ReadonlyMap<string, number> = new Map([
  ['User', UPSTREAM_COST],
  ['Thread', UPSTREAM_COST],
  ['Post', NODE_COST],
]);

/** The most ids `nodes(ids:)`, and representations `_entities(representations:)`, take in one request. */
export const MAX_OBJECTS_BY_ID = 100;

/** The limits every operation is measured against before it runs (src/plugins/use-operation-cost.ts). */
export const QUERY_LIMITS = { complexity: 5_000, depth: 16, breadth: 400 } as const;

/**
 * A list of objects read by id costs each element's read, and the selection under it once per element. An
 * element that names no known type is priced as the cheapest read: the price follows the list's length, not
 * how much of it turns out to be malformed.
 */
export function objectsByIdCost(typenames: (string | null)[]) {
  const field = typenames.reduce(
    (total, typename) => total + ((typename === null ? undefined : NODE_COSTS.get(typename)) ?? UPSTREAM_COST),
    0,
  );
  return { field, multiplier: typenames.length };
}

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
  // Federation comes after the plugins that wrap resolvers, as its docs ask; cache hints before the directives they become.
  plugins: [ComplexityPlugin, RelayPlugin, ValidationPlugin, CacheHintsPlugin, DirectivePlugin, FederationPlugin],
  // Costs follow upstream calls: a field that asks a vendor costs UPSTREAM_COST, a connection multiplies its
  // page by the items asked for. The limits are checked before execution against QUERY_LIMITS
  // (src/plugins/use-operation-cost.ts), not by this plugin, which checks as the first root field resolves and
  // never sees the federation fields.
  complexity: {
    defaultComplexity: 1,
    // In-memory lists (media, variants, hashtags) cost their items once; only vendor-backed lists multiply.
    defaultListMultiplier: 1,
  },
  // Fields are non-null unless they read from an upstream that can fail; those say `nullable: true`.
  defaultFieldNullability: false,
  validation: {
    validationError: (failure) =>
      new FeedgraphError(
        'BAD_USER_INPUT',
        `Invalid argument ${failure.issues.map((issue) => `${(issue.path ?? []).map((part) => (typeof part === 'object' ? String(part.key) : String(part))).join('.')}: ${issue.message}`).join('; ')}`,
      ),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // The connection field already multiplies by the page size; the edges list must not multiply again.
    edgesFieldOptions: {
      nullable: false,
      complexity: { field: 0, multiplier: 1 },
      description: 'The items of this page, each with the cursor to resume after it.',
    },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'An opaque cursor: pass it as `after` to read the items that follow this one.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    idFieldOptions: { description: 'A global id, the same whichever provider served the object; resolve it with `node(id:)`.' },
    nodeTypeOptions: { description: 'An object with a global id (Relay).' },
    // Every Relay subgraph defines the same PageInfo; composition merges it only where all of them share it.
    pageInfoTypeOptions: { description: 'Paging state of a connection (Relay).', shareable: true },
    hasNextPageFieldOptions: { description: 'Whether more items follow `endCursor`.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page (true when it was read with `after`).' },
    startCursorFieldOptions: { description: 'The cursor of the first item of the page.' },
    endCursorFieldOptions: { description: 'The cursor of the last item of the page: pass it as `after` for the next page.' },
    firstArgOptions: { description: 'How many items to return: 1 to 100, default 20.' },
    afterArgOptions: { description: 'Return the items after this cursor (an `endCursor` or edge `cursor` of this same connection).' },
    lastArgOptions: {
      description:
        'How many items to return before `before`: 1 to 100. Only where the vendor pages backwards (the Threads Graph API); elsewhere BAD_USER_INPUT.',
    },
    beforeArgOptions: { description: 'Return the items before this cursor; goes with `last`.' },
    defaultEdgeTypeOptions: { description: 'One item of a connection and its cursor.' },
    // schema/nodes.ts: Pothos resolves all ids together, so one unknown id would null every entry, and an id naming a
    // type that is not a node throws an error that is not the client's (INTERNAL_SERVER_ERROR).
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

/** A connection costs a vendor call plus its children once per item asked for. */
export function connectionCost(args: { first?: number | null; last?: number | null }) {
  return { field: UPSTREAM_COST * nativePagesFor(pageSizeOf(args)), multiplier: pageSizeOf(args) };
}

/** The smallest native page any vendor serves (the mobile API's 10 replies, AIsa's and JustOneAPI's 12 posts). */
const SMALLEST_NATIVE_PAGE = 10;

/** The vendor calls a page of `size` items may take: one per native page it spans, plus one to resume mid-page. */
export function nativePagesFor(size: number): number {
  return Math.ceil(size / SMALLEST_NATIVE_PAGE) + 1;
}

/**
 * A whole conversation may need a vendor call under each reply it hands out (the web shows one answer inline
 * under a reply and its other replies are read from its own page), plus one to resume.
 */
export function conversationCost(args: { first?: number | null; last?: number | null }) {
  return { field: UPSTREAM_COST * (pageSizeOf(args) + 1), multiplier: pageSizeOf(args) };
}

function pageSizeOf(args: { first?: number | null; last?: number | null }): number {
  return Math.max(1, Math.min(100, args.first ?? args.last ?? 20));
}
