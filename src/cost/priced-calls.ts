import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import type { DocumentNode, GraphQLFieldConfig, GraphQLSchema } from 'graphql';
import { UPSTREAM_COST } from '../builder.js';

/** A field's cost as the Pothos complexity plugin stores it in the field's extensions. */
type FieldCost = number | { field?: number; multiplier?: number };
type FieldComplexity = FieldCost | ((...args: unknown[]) => FieldCost) | undefined;

/**
 * The vendor calls in a field's cost: every field that asks a vendor is priced in whole UPSTREAM_COSTs
 * (src/builder.ts), every other field below one (1 by default, 0 for edges), so those count no call.
 */
function callsIn(cost: FieldCost): FieldCost {
  if (typeof cost === 'number') return Math.floor(cost / UPSTREAM_COST);
  return {
    field: Math.floor((cost.field ?? 0) / UPSTREAM_COST),
    ...(cost.multiplier === undefined ? {} : { multiplier: cost.multiplier }),
  };
}

function callsOnly(complexity: FieldComplexity): FieldComplexity {
  if (complexity === undefined) return 0;
  if (typeof complexity === 'function') return (...args: unknown[]) => callsIn(complexity(...args));
  return callsIn(complexity);
}

/** The schema with every field's cost replaced by the vendor calls in it; multipliers (page sizes) stay as they are. */
function pricingSchemaOf(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field: GraphQLFieldConfig<unknown, unknown>) => ({
      ...field,
      extensions: { ...field.extensions, complexity: callsOnly(field.extensions?.complexity as FieldComplexity) },
    }),
  });
}

const pricingSchemas = new WeakMap<GraphQLSchema, GraphQLSchema>();

/**
 * How many vendor calls an operation is priced at: the same costs and multipliers as its complexity
 * (useOperationCost), counting only the vendor calls, not the plain fields' cost. `document` holds one operation.
 */
export function pricedUpstreamCalls(
  schema: GraphQLSchema,
  document: DocumentNode,
  context: object,
  variables: Record<string, unknown>,
): number {
  let pricing = pricingSchemas.get(schema);
  if (!pricing) {
    pricing = pricingSchemaOf(schema);
    pricingSchemas.set(schema, pricing);
  }
  return complexityFromQuery(document, { schema: pricing, ctx: context, variables }).complexity;
}
