import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isFeedgraphError } from '../errors.js';

/**
 * Turns deliberate errors (FeedgraphError: a stable code, a message safe to show) into plain GraphQL
 * errors with `extensions.code` before yoga masks the rest, so they are neither masked nor logged as crashes.
 */
export function useDeliberateErrors(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors) return;
          setResult({ ...(result as ExecutionResult), errors: result.errors.map(toClientError) });
        },
      };
    },
  };
}

function toClientError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (isFeedgraphError(original)) {
    return new GraphQLError(original.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { ...original.details, code: original.code },
    });
  }
  // Pothos rejects malformed input (e.g. a global id that does not decode) with this error class.
  if (original?.name === 'PothosValidationError') {
    return new GraphQLError(original.message, { nodes: error.nodes, path: error.path, extensions: { code: 'BAD_USER_INPUT' } });
  }
  return error;
}
