import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode, type ValueNode } from 'graphql';

const RESUMING_ARGUMENTS = new Set(['after', 'before', 'last', 'since', 'until']);

/**
 * True when the selection asks for `posts` from the start of the list (no cursor, no window), so the first
 * native page can be fetched alongside the profile instead of after it.
 */
export function selectsFirstPostsPage(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.some((node) => node.selectionSet !== undefined && findsPosts(node.selectionSet, info, new Set()));
}

function findsPosts(selectionSet: SelectionSetNode, info: GraphQLResolveInfo, visited: Set<string>): boolean {
  return selectionSet.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === 'posts' && startsAtTheTop(selection, info);
    if (selection.kind === Kind.INLINE_FRAGMENT) return findsPosts(selection.selectionSet, info, visited);
    const name = selection.name.value;
    const fragment = info.fragments[name];
    if (!fragment || visited.has(name)) return false;
    visited.add(name);
    return findsPosts(fragment.selectionSet, info, visited);
  });
}

function startsAtTheTop(field: FieldNode, info: GraphQLResolveInfo): boolean {
  return (field.arguments ?? []).every((argument) => !RESUMING_ARGUMENTS.has(argument.name.value) || isNull(argument.value, info));
}

function isNull(value: ValueNode, info: GraphQLResolveInfo): boolean {
  if (value.kind === Kind.NULL) return true;
  if (value.kind === Kind.VARIABLE)
    return info.variableValues[value.name.value] === null || info.variableValues[value.name.value] === undefined;
  return false;
}
