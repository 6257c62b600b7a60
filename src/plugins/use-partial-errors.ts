import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { FeedgraphError } from '../errors.js';

/** Errors a resolver reports beside the data it returns (a list with items left out, a feed author that failed). */
export class PartialErrors {
  private readonly errors: GraphQLError[] = [];

  add(error: FeedgraphError, path: readonly (string | number)[]): void {
    this.errors.push(new GraphQLError(error.message, { path, extensions: { ...error.details, code: error.code } }));
  }

  get reported(): readonly GraphQLError[] {
    return this.errors;
  }
}

/** Appends each request's partial errors to its result; the data they sit beside is not nulled. */
export function usePartialErrors(errorsOf: (context: unknown) => PartialErrors | undefined): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const reported = errorsOf(args.contextValue)?.reported ?? [];
          if (reported.length === 0 || !('data' in result)) return;
          const execution = result as ExecutionResult;
          setResult({ ...execution, errors: [...(execution.errors ?? []), ...reported] });
        },
      };
    },
  };
}
