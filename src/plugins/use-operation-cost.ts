import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { QUERY_LIMITS } from '../builder.js';
import { pricedUpstreamCalls } from '../cost/priced-calls.js';
import { isFeedgraphError } from '../errors.js';

type Limits = { readonly complexity: number; readonly depth: number; readonly breadth: number };

/** The vendor-call budget of each request (MAX_UPSTREAM_CALLS, per API key), and who is told what it was priced at. */
export interface UpstreamBudget {
  budgetOf(context: object): number | null;
  priced(context: object, measured: { complexity: number; pricedUpstreamCalls: number }): void;
}

const NO_BUDGET: UpstreamBudget = { budgetOf: () => null, priced: () => undefined };

/** A refusal of the whole request: no data, and HTTP 400 for clients that accept application/graphql-response+json. */
function refusal(message: string, extensions: Record<string, unknown>, nodes?: GraphQLError['nodes']): GraphQLError {
  return new GraphQLError(message, { nodes: nodes ?? null, extensions: { ...extensions, http: { status: 400, spec: true } } });
}

/**
 * Prices every operation before it runs, so a refused one makes no vendor call: the Pothos complexity costs
 * (src/builder.ts) over the operation with its variables, including the federation fields Pothos does not build
 * (`_entities` carries its own cost). Variables that do not coerce, and arguments the costs cannot read, are
 * the client's mistakes and are answered as such.
 */
export function useOperationCost(limits: Limits = QUERY_LIMITS, budget: UpstreamBudget = NO_BUDGET): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      // No such operation, or a root type the schema lacks: execution and validation answer those.
      if (!operation || !args.schema.getRootType(operation.operation)) return;
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const errors = measure(args.schema, operation, args.document, variables, args.contextValue as object, limits, budget);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}

interface Measured {
  complexity: number;
  depth: number;
  breadth: number;
  pricedUpstreamCalls: number;
}

/** How many variable sets one document's measurements are kept for before they are forgotten together. */
const MEASUREMENTS_PER_DOCUMENT = 64;
/**
 * An operation's costs depend on its schema, document and variables alone (no cost function reads the context), so
 * a document asked again with the same variables is measured once; yoga keeps parsed documents, which key this.
 */
const measurements = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Measured>>>();

function measuredOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  context: object,
): Measured {
  let bySchema = measurements.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    measurements.set(schema, bySchema);
  }
  let known = bySchema.get(document);
  const key = `${operation.name?.value ?? ''}\u0000${JSON.stringify(variables)}`;
  const remembered = known?.get(key);
  if (remembered) return remembered;
  const single = onlyOperation(document, operation);
  const measured = {
    ...complexityFromQuery(single, { schema, ctx: context, variables }),
    pricedUpstreamCalls: pricedUpstreamCalls(schema, single, context, variables),
  };
  if (!known || known.size >= MEASUREMENTS_PER_DOCUMENT) {
    known = new Map();
    bySchema.set(document, known);
  }
  known.set(key, measured);
  return measured;
}

function measure(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown>,
  context: object,
  limits: Limits,
  budget: UpstreamBudget,
): GraphQLError[] {
  let measured: Measured;
  try {
    measured = measuredOf(schema, document, operation, variables, context);
  } catch (error) {
    return clientErrorsOf(error, schema, operation, variables);
  }
  budget.priced(context, measured);
  const over = [
    { kind: 'depth', what: 'deep', value: measured.depth, limit: limits.depth },
    { kind: 'breadth', what: 'broad', value: measured.breadth, limit: limits.breadth },
    { kind: 'complexity', what: 'costly', value: measured.complexity, limit: limits.complexity },
  ].find((measure) => measure.value > measure.limit);
  if (!over) return overBudget(measured.pricedUpstreamCalls, budget.budgetOf(context));
  return [
    refusal(`Query too ${over.what}: ${over.kind} ${over.value} exceeds the limit of ${over.limit}.`, {
      code: 'BAD_USER_INPUT',
      limit: over.kind,
    }),
  ];
}

/** A refusal when the operation is priced at more vendor calls than the client's budget allows. */
function overBudget(pricedCalls: number, maxUpstreamCalls: number | null): GraphQLError[] {
  if (maxUpstreamCalls === null || pricedCalls <= maxUpstreamCalls) return [];
  return [
    refusal(`Query too costly: it may make ${pricedCalls} vendor calls, more than the limit of ${maxUpstreamCalls}.`, {
      code: 'BAD_USER_INPUT',
      limit: 'maxUpstreamCalls',
      pricedUpstreamCalls: pricedCalls,
      maxUpstreamCalls,
    }),
  ];
}

/** complexityFromQuery measures the first operation of a document; this one is the one the request names. */
function onlyOperation(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  if (document.definitions.length === 1) return document;
  const definitions: DefinitionNode[] = [
    operation,
    ...document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION),
  ];
  return { kind: Kind.DOCUMENT, definitions };
}

/**
 * What measuring an operation can throw: variables that do not coerce (every one is reported, each with its
 * reason), an argument the validation plugin refuses, or an id Pothos cannot decode. Anything else is a bug.
 */
function clientErrorsOf(
  error: unknown,
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): GraphQLError[] {
  if (isFeedgraphError(error)) return [refusal(error.message, { ...error.details, code: error.code })];
  if (error instanceof Error && error.name === 'PothosValidationError') return [refusal(error.message, { code: 'BAD_USER_INPUT' })];
  if (!(error instanceof GraphQLError)) throw error;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const problems = coerced.errors?.length ? coerced.errors : [error];
  return problems.map((problem) => refusal(problem.message, { code: 'BAD_USER_INPUT' }, problem.nodes));
}
