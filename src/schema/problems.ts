import { pathToArray } from 'graphql/jsutils/Path.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphContext } from '../context.js';
import type { FeedgraphError } from '../errors.js';

/** Resolves to the value, reporting the errors it carries (items a vendor sent that could not be read) at this field's path. */
export async function reportingProblems<T extends { problems?: FeedgraphError[] | undefined }>(
  pending: Promise<T>,
  context: GraphContext,
  info: GraphQLResolveInfo,
): Promise<T> {
  const value = await pending;
  for (const problem of value.problems ?? []) context.partialErrors.add(problem, pathToArray(info.path));
  return value;
}
