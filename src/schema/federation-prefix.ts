import { printSubgraphSchema } from '@apollo/subgraph';
import { MapperKind, mapSchema, renameType } from '@graphql-tools/utils';
import {
  type ASTNode,
  type GraphQLFieldConfig,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  type GraphQLNamedType,
  GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  GraphQLUnionType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  visit,
} from 'graphql';

/** Root fields Federation itself defines; a router asks for them by these names. */
const FEDERATION_FIELDS = new Set(['_entities', '_service']);

/** `Social` + `user` → `socialUser`: a root field name with the prefix in front, still camelCase. */
export function prefixedFieldName(prefix: string, fieldName: string): string {
  return `${prefix.charAt(0).toLowerCase()}${prefix.slice(1)}${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}`;
}

type Renaming = (typename: string) => string;

/**
 * `_service { sdl }` is printed from the definition nodes of the types and their fields, which still name the
 * types they refer to as they were before the renaming.
 */
function renamedNode<Node extends ASTNode>(node: Node | null | undefined, renaming: Renaming): Node | null | undefined {
  if (!node) return node;
  return visit(node, {
    [Kind.NAMED_TYPE]: (named) => ({ ...named, name: { ...named.name, value: renaming(named.name.value) } }),
  });
}

/** An abstract type's resolver answers with the graph's own type names; the prefixed schema knows them prefixed. */
function prefixingResolver(
  resolveType: GraphQLTypeResolver<unknown, unknown> | null | undefined,
  prefixed: (typename: string) => string,
): GraphQLTypeResolver<unknown, unknown> | undefined {
  if (!resolveType) return undefined;
  return async (value, context, info, abstractType) => {
    const typename = await resolveType(value, context, info, abstractType);
    return typeof typename === 'string' ? prefixed(typename) : typename;
  };
}

interface DefinedBy<Definition extends ASTNode, Extension extends ASTNode> {
  astNode?: Definition | null;
  extensionASTNodes?: readonly Extension[];
}

function withRenamedNodes<Definition extends ASTNode, Extension extends ASTNode, Config extends DefinedBy<Definition, Extension>>(
  config: Config,
  renaming: Renaming,
): Config {
  return {
    ...config,
    astNode: renamedNode(config.astNode, renaming),
    extensionASTNodes: (config.extensionASTNodes ?? []).map((node) => renamedNode(node, renaming) ?? node),
  };
}

/** The type with its definition nodes renamed, and, for an abstract type, a resolver that answers renamed types. */
function retyped(type: GraphQLNamedType, renaming: Renaming): GraphQLNamedType {
  if (isObjectType(type)) return new GraphQLObjectType(withRenamedNodes(type.toConfig(), renaming));
  if (isInterfaceType(type)) {
    const config = withRenamedNodes(type.toConfig(), renaming);
    return new GraphQLInterfaceType({ ...config, resolveType: prefixingResolver(config.resolveType, renaming) });
  }
  if (isUnionType(type)) {
    const config = withRenamedNodes(type.toConfig(), renaming);
    return new GraphQLUnionType({ ...config, resolveType: prefixingResolver(config.resolveType, renaming) });
  }
  if (isEnumType(type)) return new GraphQLEnumType(withRenamedNodes(type.toConfig(), renaming));
  if (isInputObjectType(type)) return new GraphQLInputObjectType(withRenamedNodes(type.toConfig(), renaming));
  return type;
}

/**
 * The names a prefix renames: every object, interface, union, enum and input type the graph defines. Scalars
 * merge across subgraphs as they are; Federation's own types (`_Any`, `_Entity`, `link__Import`) and the root
 * type keep their names.
 */
function isRenamed(type: GraphQLNamedType, schema: GraphQLSchema): boolean {
  if (type.name.startsWith('_') || type.name.includes('__') || type === schema.getQueryType()) return false;
  return isObjectType(type) || isInterfaceType(type) || isUnionType(type) || isEnumType(type) || isInputObjectType(type);
}

/**
 * The subgraph schema with `prefix` in front of its type names (`User` → `SocialUser`) and of every root field
 * (`user` → `socialUser`), so it composes beside subgraphs that own those names. Ids keep the graph's own type
 * names, so a global id is the same through /graphql and /subgraph. `_service { sdl }` prints the renamed schema.
 */
export function prefixSubgraphSchema(schema: GraphQLSchema, prefix: string): GraphQLSchema {
  const renamed = new Set(
    Object.values(schema.getTypeMap())
      .filter((type) => isRenamed(type, schema))
      .map((type) => type.name),
  );
  const renaming: Renaming = (typename) => (renamed.has(typename) ? `${prefix}${typename}` : typename);
  const queryTypeName = schema.getQueryType()?.name;
  const withRenamedTypes = <Config extends { astNode?: ASTNode | null }>(config: Config): Config => ({
    ...config,
    astNode: renamedNode(config.astNode, renaming),
  });
  const result = mapSchema(schema, {
    [MapperKind.TYPE]: (type) => (renamed.has(type.name) ? retyped(renameType(type, renaming(type.name)), renaming) : type),
    [MapperKind.COMPOSITE_FIELD]: withRenamedTypes,
    [MapperKind.INPUT_OBJECT_FIELD]: withRenamedTypes,
    [MapperKind.ROOT_FIELD]: (fieldConfig: GraphQLFieldConfig<unknown, unknown>, fieldName, typeName) => {
      if (typeName !== queryTypeName) return fieldConfig;
      if (fieldName === '_service') return { ...fieldConfig, resolve: () => ({ sdl: printSubgraphSchema(result) }) };
      if (FEDERATION_FIELDS.has(fieldName)) return fieldConfig;
      return [prefixedFieldName(prefix, fieldName), withRenamedTypes(fieldConfig)];
    },
  });
  return result;
}
