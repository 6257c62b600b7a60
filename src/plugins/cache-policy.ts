import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { type CacheHint, type CacheScope, cacheHintOf } from '../schema/cache-hints.js';

/** How long, and by whom, one operation's answer may be kept; null when it must not be kept at all. */
export interface CachePolicy {
  maxAge: number;
  scope: CacheScope;
}

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((operation) => operation.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/** The type's own hint; for an interface or union without one, the shortest of the types it may turn out to be. */
function typeHint(schema: GraphQLSchema, type: GraphQLNamedType): CacheHint | undefined {
  const own = cacheHintOf(type);
  if (own || !isAbstractType(type)) return own;
  const hints = schema
    .getPossibleTypes(type)
    .map((possible) => cacheHintOf(possible))
    .filter((hint) => hint !== undefined);
  return hints.length === 0 ? undefined : hints.reduce(narrower);
}

function narrower(left: CacheHint, right: CacheHint): CacheHint {
  return {
    maxAge: Math.min(left.maxAge, right.maxAge),
    scope: left.scope === 'PRIVATE' || right.scope === 'PRIVATE' ? 'PRIVATE' : 'PUBLIC',
  };
}

/**
 * Walks one operation's selections (fragments once each) and narrows the policy by every hint it meets: a field's own
 * hint, else the hint of the type it returns. A field without either inherits its parent's age, except a root field,
 * which then allows no caching (as Apollo's default of 0). Introspection is never cached.
 */
class PolicyWalk {
  private hint: CacheHint | undefined;
  private uncacheable = false;
  private readonly walkedFragments = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {}

  result(): CachePolicy | null {
    if (this.uncacheable || this.hint === undefined || this.hint.maxAge <= 0) return null;
    return { maxAge: this.hint.maxAge, scope: this.hint.scope ?? 'PUBLIC' };
  }

  walk(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, atRoot: boolean): void {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) this.walkField(selection.name.value, selection.selectionSet, parentType, atRoot);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parentType;
        if (type && isCompositeType(type)) this.walk(selection.selectionSet, type, atRoot);
      } else this.walkFragment(selection.name.value, atRoot);
    }
  }

  private walkFragment(name: string, atRoot: boolean): void {
    const fragment = this.fragments.get(name);
    const key = `${name}:${atRoot}`;
    if (!fragment || this.walkedFragments.has(key)) return;
    this.walkedFragments.add(key);
    const type = this.schema.getType(fragment.typeCondition.name.value);
    if (type && isCompositeType(type)) this.walk(fragment.selectionSet, type, atRoot);
  }

  private walkField(name: string, selectionSet: SelectionSetNode | undefined, parentType: GraphQLCompositeType, atRoot: boolean): void {
    if (INTROSPECTION_FIELDS.has(name)) this.uncacheable = true;
    const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
    if (!field) return;
    const returned = getNamedType(field.type);
    const hint = cacheHintOf(field) ?? typeHint(this.schema, returned);
    if (hint) this.narrow(hint);
    else if (atRoot) this.narrow({ maxAge: 0 });
    if (selectionSet && isCompositeType(returned)) this.walk(selectionSet, returned, false);
  }

  private narrow(hint: CacheHint): void {
    this.hint = this.hint ? narrower(this.hint, hint) : hint;
  }
}

/** The cache policy of the operation a request executes: null for mutations, subscriptions, introspection or a hint of 0. */
export function cachePolicyOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): CachePolicy | null {
  const operation = operationOf(document, operationName);
  const queryType = schema.getQueryType();
  if (operation?.operation !== 'query' || !queryType) return null;
  const fragments = new Map(
    document.definitions
      .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const walk = new PolicyWalk(schema, fragments);
  walk.walk(operation.selectionSet, queryType, true);
  return walk.result();
}
