import 'reflect-metadata';
import {
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLInterfaceType,
  type GraphQLSchema,
} from 'graphql';
import { buildSchemaSync, type NonEmptyArray } from 'type-graphql';
import { AuditResolver } from '../audit/audit.resolver';
import { OfferResolver } from '../catalog/offer.resolver';
import {
  CustomerRelationshipResolver,
  RelationshipRequestResolver,
} from '../customers/customer-relationship.resolver';
import { CustomerResolver } from '../customers/customer.resolver';
import { DirectoryResolver } from '../directory/directory.resolver';
import { UserResolver, ViewerResolver } from '../identity/user.resolver';
import { PartnerResolver } from '../partners/partner.resolver';
import {
  PartnershipInvitationResolver,
  PartnershipResolver,
} from '../partnerships/partnership.resolver';
import {
  CountryFieldsResolver,
  CspRegionFieldsResolver,
  RegionResolver,
} from '../regions/region.resolver';
import { OrderResolver, SubscriptionResolver } from '../subscriptions/subscription.resolver';
import { Customer } from '../customers/customer.entity';
import { Partner } from '../partners/partner.entity';
import { applyPartnerDisclosure } from '../partners/partner-disclosure';
import { organizationTypeName } from '../organizations/organization.entity';
import { Vendor } from '../organizations/vendor.entity';
import { NodeResolver } from './node.resolver';
import { mutationResolvers } from './mutation-resolvers';
import { validateArgs } from './validate-args';
import { callResolversDirectly } from './direct-resolvers';

export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  ViewerResolver,
  UserResolver,
  RegionResolver,
  CspRegionFieldsResolver,
  CountryFieldsResolver,
  DirectoryResolver,
  PartnerResolver,
  PartnershipResolver,
  PartnershipInvitationResolver,
  CustomerResolver,
  CustomerRelationshipResolver,
  RelationshipRequestResolver,
  OfferResolver,
  SubscriptionResolver,
  OrderResolver,
  AuditResolver,
  ...mutationResolvers,
];

let cached: GraphQLSchema | undefined;

/**
 * The schema, built once per process from the decorated classes. Validation of inputs is done
 * by class-validator (validate-args.ts), which reports the failing field.
 */
export function buildGraphQLSchema(): GraphQLSchema {
  if (cached) return cached;
  const schema = buildSchemaSync({
    resolvers,
    orphanedTypes: [Partner, Customer, Vendor],
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
  applyPartnerDisclosure(schema);
  cached = schema;
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
export function printGraphQLSchema(schema = buildGraphQLSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
