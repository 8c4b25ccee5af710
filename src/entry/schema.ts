import type { GraphQLSchema } from 'graphql';
import { buildGraphQLSchema as assemble, printGraphQLSchema as print } from '../schema/schema';
import { domainModules } from './modules';

/** The application's schema: every domain of entry/modules.ts, built once per process. */
export function buildGraphQLSchema(): GraphQLSchema {
  return assemble(domainModules);
}

/** The SDL committed as `schema.graphql`. */
export function printGraphQLSchema(schema = buildGraphQLSchema()): string {
  return print(schema);
}
