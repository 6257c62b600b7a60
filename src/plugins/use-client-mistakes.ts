import { GraphQLError, type ASTVisitor, type ExecutionResult, type ValidationContext } from 'graphql';
import type { Plugin, YogaLogger } from 'graphql-yoga';

/** The `extensions.code`s of errors that are the client's doing; they are logged below error level. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_CURSOR',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
]);
/** How many of a request's client errors its log line lists. */
const LOGGED_ERRORS = 5;

/**
 * graphql-js 16 has no validation rule for an operation type the schema lacks (graphql-jit then throws while
 * compiling, which came out as a masked 500-class error); this read-only graph has only Query.
 */
function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (context.getSchema().getRootType(node.operation)) return;
      context.reportError(
        new GraphQLError(
          `This API only reads: the schema has no ${node.operation} type, so ${node.operation} operations are not supported. Send a query.`,
          {
            nodes: node,
            // 400 whatever the client accepts: this operation can never run here.
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400, spec: false } },
          },
        ),
      );
    },
  };
}

/** GET and form parameters (`variables`, `extensions`) are JSON text that yoga parses without a catch. */
function malformedParameters(error: SyntaxError): GraphQLError {
  return new GraphQLError(`The request's "variables" or "extensions" parameter is not valid JSON (${error.message}).`, {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });
}

/**
 * Client mistakes are client errors: malformed GET/form parameters are a 400, `mutation` and `subscription`
 * a validation error with HTTP 400, and every request refused for the client's own mistake is logged at info
 * (error level is left for bugs).
 */
export function useClientMistakes(logger: YogaLogger): Plugin {
  const mistakes = new WeakMap<Request, GraphQLError[]>();
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      const parse = requestParser;
      setRequestParser(async (request) => {
        try {
          return await parse(request);
        } catch (error) {
          throw error instanceof SyntaxError ? malformedParameters(error) : error;
        }
      });
    },
    onValidate({ addValidationRule }) {
      addValidationRule(knownOperationTypesRule);
    },
    onResultProcess({ request, result }) {
      const results = (Array.isArray(result) ? result : [result]) as ExecutionResult[];
      const found = results.flatMap((one) => one.errors ?? []).filter((error) => CLIENT_CODES.has(String(error.extensions?.code)));
      if (found.length > 0) mistakes.set(request, found);
    },
    onResponse({ request, response }) {
      const found = mistakes.get(request);
      if (!found) return;
      logger.info('client mistake', {
        requestId: response.headers.get('x-request-id') ?? undefined,
        status: response.status,
        count: found.length,
        errors: found
          .slice(0, LOGGED_ERRORS)
          .map((error) => ({ code: error.extensions.code, message: error.message, ...(error.path ? { path: error.path.join('.') } : {}) })),
      });
    },
  };
}
