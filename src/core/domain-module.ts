import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import type { Node } from './node';
import type { NodeType } from './node-id';
import type { RequestContext } from './request-context';

/** Reads one object of a Node type by its numeric id for `node(id:)`, null when out of scope. */
export type NodeLoader = (
  ctx: RequestContext,
  id: number,
  info: GraphQLResolveInfo,
) => Promise<Node | null>;

/**
 * What a domain contributes to the process: its TypeORM entities, its type-graphql resolver
 * classes (queries, field resolvers and mutations), object types that no field names
 * directly, and the loaders of its Node types. Each domain folder exports one
 * (`<domain>.module.ts`); entry/modules.ts lists them, and the data source and the schema are
 * built from that list, so adding a domain changes one line there.
 */
export interface DomainModule {
  readonly name: string;
  readonly entities?: readonly Function[];
  readonly resolvers?: readonly Function[];
  readonly orphanedTypes?: readonly Function[];
  readonly nodeLoaders?: Partial<Record<NodeType, NodeLoader>>;
  /**
   * Runs on the built schema after its resolvers are final, in module order: for a rule that
   * must hold on every field of a type wherever it is reached (partners' R-30 disclosure).
   */
  readonly finishSchema?: (schema: GraphQLSchema) => void;
}
