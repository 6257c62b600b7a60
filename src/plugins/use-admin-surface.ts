import { getOperationAST, GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { refusal } from './http-refusal.js';
import { clientOf } from './use-authentication.js';

export interface AdminSurfaceOptions {
  /** Paths only admins may request (the Prometheus endpoint). */
  paths: string[];
  /** Query fields only admins may select. */
  queryFields: string[];
}

const ADMIN_KEY = 'an admin key (one listed in ADMIN_API_KEYS)';

/** Whether the operation selects one of `fields` at its root, through any fragments. */
function selectsRootField(document: DocumentNode, operationName: string | null | undefined, fields: Set<string>): boolean {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'query') return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const visited = new Set<string>();
  const selects = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return fields.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return selects(selection.selectionSet);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visited.has(name)) return false;
      visited.add(name);
      return selects(fragment.selectionSet);
    });
  return selects(operation.selectionSet);
}

/**
 * Keeps the operator's view (Prometheus metrics, `Query.providers`: circuits, credits, last errors) to admins:
 * a request for an admin path ends with 401/403 before anything else; an operation selecting an admin field is
 * refused whole before it executes, so none of its other fields spends a vendor call.
 */
export function useAdminSurface(options: AdminSurfaceOptions): Plugin {
  const queryFields = new Set(options.queryFields);
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (!options.paths.includes(url.pathname)) return;
      const client = clientOf(request);
      if (client?.admin) return;
      endResponse(
        client?.id
          ? refusal(fetchAPI, 403, { code: 'FORBIDDEN', message: `${url.pathname} needs ${ADMIN_KEY}.` })
          : refusal(
              fetchAPI,
              401,
              {
                code: 'UNAUTHENTICATED',
                message: `${url.pathname} needs ${ADMIN_KEY} in the x-api-key header or as Authorization: Bearer <key>.`,
              },
              { 'www-authenticate': 'Bearer realm="feedgraph"' },
            ),
      );
    },
    onExecute({ args, setResultAndStopExecution }) {
      if (clientOf(args.contextValue.request)?.admin) return;
      if (!selectsRootField(args.document, args.operationName, queryFields)) return;
      const names = [...queryFields].map((field) => `Query.${field}`).join(', ');
      setResultAndStopExecution({
        errors: [new GraphQLError(`${names} needs ${ADMIN_KEY}.`, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } })],
      });
    },
  };
}
