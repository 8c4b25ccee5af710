import 'reflect-metadata';
import {
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLInterfaceType,
  type GraphQLSchema,
} from 'graphql';
import { buildSchemaSync, type NonEmptyArray } from 'type-graphql';
import type { DomainModule, NodeLoader } from '../core/domain-module';
import { NODE_TYPES, type NodeType } from '../core/node-id';
import { organizationTypeName } from '../organizations/organization.entity';
import { createNodeResolver } from './node.resolver';
import { validateArgs } from './validate-args';
import { callResolversDirectly } from './direct-resolvers';

/** Every Node type must have exactly one loader among the modules, for `node(id:)`. */
function nodeLoadersOf(modules: readonly DomainModule[]): Record<NodeType, NodeLoader> {
  const loaders: Partial<Record<NodeType, NodeLoader>> = {};
  for (const module of modules) {
    for (const [type, loader] of Object.entries(module.nodeLoaders ?? {}) as Array<
      [NodeType, NodeLoader]
    >) {
      if (loaders[type]) throw new Error(`Two domains load the Node type ${type}`);
      loaders[type] = loader;
    }
  }
  const missing = NODE_TYPES.filter((type) => !loaders[type]);
  if (missing.length) throw new Error(`No domain loads the Node types ${missing.join(', ')}`);
  return loaders as Record<NodeType, NodeLoader>;
}

const built = new WeakMap<readonly DomainModule[], GraphQLSchema>();

/**
 * The schema of a list of domains, built once per list and process from their decorated
 * classes (entry/schema.ts holds the application's list). Validation of inputs is done by
 * class-validator (validate-args.ts), which reports the failing field.
 */
export function buildGraphQLSchema(modules: readonly DomainModule[]): GraphQLSchema {
  const cached = built.get(modules);
  if (cached) return cached;
  const resolvers = [
    createNodeResolver(nodeLoadersOf(modules)),
    ...modules.flatMap((module) => module.resolvers ?? []),
  ] as NonEmptyArray<Function>;
  const schema = buildSchemaSync({
    resolvers,
    orphanedTypes: modules.flatMap((module) => module.orphanedTypes ?? []),
    validateFn: validateArgs,
  });
  // type-graphql wraps a decorator's resolveType in an async function; the compiled executor
  // (jit-executor.ts) needs abstract types resolved synchronously.
  (schema.getType('Organization') as GraphQLInterfaceType).resolveType = organizationTypeName;
  const query = schema.getQueryType();
  if (query) {
    query.description =
      'Reads of the CSP partner channel. Everything but `providerDirectory`, `cspRegions` and `countries` needs a bearer token, and every list is scoped to what your organization may see (R-30).';
  }
  const mutation = schema.getMutationType();
  if (mutation) {
    mutation.description =
      'Changes to the channel. Each takes one `input`, runs in one transaction with its audit record (R-31), and reports business-rule failures in `userErrors` (R-32).';
  }
  readNodeIdsDirectly(schema);
  callResolversDirectly(schema, resolvers);
  for (const module of modules) module.finishSchema?.(schema);
  built.set(modules, schema);
  return schema;
}

/**
 * Every Node's `id` is its `nodeId` getter. type-graphql resolves such a renamed property
 * through its middleware wrapper (a resolver-data object and a middleware chain per read, with
 * no middleware or auth registered in this schema); for the hundreds of IDs of a nested page
 * that was 2% of the CPU, so `id` reads the getter directly.
 */
function readNodeIdsDirectly(schema: GraphQLSchema): void {
  const node = schema.getType('Node');
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i === node)) continue;
    const id = type.getFields().id;
    if (id) id.resolve = (source: { nodeId: string }) => source.nodeId;
  }
}

/** The SDL committed as `schema.graphql`: sorted, so that a diff shows real changes only. */
export function printGraphQLSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
