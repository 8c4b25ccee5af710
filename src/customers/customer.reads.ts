import { visibilityOf } from '../access/visibility';
import type { ListSource } from '../core/list-query';
import { containsText, sql, Sql } from '../db/sql';
import type { ConnectionData } from '../core/connection';
import type { RequestContext } from '../core/request-context';
import { loadOptionalById, type ByIdSpec } from '../access/by-id';
import { listConnection, nestedConnection } from '../core/list-connection';
import type { PageRequest } from '../core/pagination';
import { disclosureSelect, primeDisclosure } from '../partners/partner-disclosure';
import { Organization } from '../organizations/organization.entity';
import type { Partner } from '../partners/partner.entity';
import { CustomerRelationship } from './customer-relationship.entity';
import type { Customer } from './customer.entity';
import { RelationshipRequest } from './relationship-request.entity';
import type { CustomerPartnerEdge } from './customer.types';

export const customerRelationshipById: ByIdSpec<CustomerRelationship> = {
  name: 'customerRelationship',
  target: CustomerRelationship,
  table: 'customer_relationship',
  alias: 'r',
  visible: (v) => v.customerRelationship('r'),
};

export const relationshipRequestById: ByIdSpec<RelationshipRequest> = {
  name: 'relationshipRequest',
  target: RelationshipRequest,
  table: 'relationship_request',
  alias: 'q',
  visible: (v) => v.relationshipRequest('q'),
};

export function loadCustomerRelationship(ctx: RequestContext, id: number | null | undefined) {
  return loadOptionalById(ctx, customerRelationshipById, id);
}

export function loadRelationshipRequest(ctx: RequestContext, id: number | null | undefined) {
  return loadOptionalById(ctx, relationshipRequestById, id);
}

/**
 * R-22 filter "customers this reseller also serves", R-30-safe: a reseller the caller cannot
 * see matches nothing, exactly like an unknown ID, so the filter cannot reveal whom an
 * out-of-scope partner serves.
 */
export function servedByVisiblePartner(
  ctx: RequestContext,
  customerAlias: string,
  partnerId: number,
): Sql {
  return sql`EXISTS (SELECT 1 FROM customer_relationship rr JOIN organization rp ON rp.id = rr.partner_id
                     WHERE rr.customer_id = ${Sql.raw(customerAlias)}.id AND rr.partner_id = ${partnerId}
                       AND rr.status = 'ACTIVE' AND (${visibilityOf(ctx).partner('rp') ?? Sql.raw('1=1')}))`;
}

export interface CustomerFilter {
  indirectResellerId?: number;
  search?: string;
}

/** Root `customers`: every customer the caller may see, optionally of one reseller. */
export function listCustomers(
  ctx: RequestContext,
  filter: CustomerFilter,
  req: PageRequest,
): Promise<ConnectionData<Customer>> {
  const orgs = ctx.hydrator(Organization, 'o');
  const src: ListSource = {
    from: Sql.raw('organization o'),
    select: orgs.columns,
    key: 'o.id',
    where: [
      Sql.raw("o.type = 'CUSTOMER'"),
      filter.indirectResellerId !== undefined
        ? servedByVisiblePartner(ctx, 'o', filter.indirectResellerId)
        : undefined,
      filter.search ? containsText('o.name', filter.search) : undefined,
      visibilityOf(ctx).customer('o'),
    ],
  };
  return listConnection(ctx, src, req, (row, cursor) => ({
    cursor,
    node: orgs.one(row) as Customer,
  }));
}

/**
 * A customer's partners with the relationship (multi-partner, R-20). The caller sees the
 * partners it may see: a customer admin all of them, a provider itself and its resellers.
 */
export function customerPartners(
  ctx: RequestContext,
  customerId: number,
  includeRemoved: boolean,
  req: PageRequest,
): Promise<ConnectionData<Partner, CustomerPartnerEdge>> {
  return nestedConnection(
    ctx,
    `customerPartners:${includeRemoved}`,
    'r.customer_id',
    customerId,
    req,
    () => {
      const orgs = ctx.hydrator(Organization, 'o');
      const relationships = ctx.hydrator(CustomerRelationship, 'r');
      // a partner on the list that the caller met only through a never-ACTIVE
      // partnership shows only its name; its rows say so (partner-disclosure.ts).
      const disclosure = disclosureSelect(ctx, 'o');
      const select = sql`${orgs.columns}, ${relationships.columns}`;
      const src: ListSource = {
        from: Sql.raw('customer_relationship r JOIN organization o ON o.id = r.partner_id'),
        select: disclosure ? sql`${select}, ${disclosure}` : select,
        key: 'r.id',
        where: [
          includeRemoved ? undefined : Sql.raw("r.status = 'ACTIVE'"),
          visibilityOf(ctx).partner('o'),
        ],
      };
      return {
        src,
        toEdge: (row, cursor) => {
          const node = orgs.one(row) as Partner;
          primeDisclosure(ctx, node.id, row);
          return { cursor, node, relationship: relationships.one(row) };
        },
      };
    },
  );
}
