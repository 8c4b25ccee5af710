import { visibilityOf } from '../access/visibility';
import type { ConnectionData } from '../core/connection';
import type { ListSource } from '../core/list-query';
import { nestedConnection } from '../core/list-connection';
import type { PageRequest } from '../core/pagination';
import type { RequestContext } from '../core/request-context';
import { Sql } from '../db/sql';
import { Organization } from '../organizations/organization.entity';
import type { Customer } from './customer.entity';
import { servedByVisiblePartner } from './customer.reads';

/**
 * The customers a partner has an active relationship with, as far as the caller may see them;
 * with `resellerId`, only those that reseller also serves.
 */
export function partnerCustomers(
  ctx: RequestContext,
  partnerId: number,
  resellerId: number | undefined,
  req: PageRequest,
  columns: readonly string[] | null = null,
): Promise<ConnectionData<Customer>> {
  return nestedConnection(
    ctx,
    `partnerCustomers:${resellerId ?? ''}:${columns?.join(',') ?? '*'}`,
    'r.partner_id',
    partnerId,
    req,
    () => {
      const orgs = ctx.hydrator(Organization, 'o', columns);
      const src: ListSource = {
        from: Sql.raw('customer_relationship r JOIN organization o ON o.id = r.customer_id'),
        select: orgs.columns,
        key: 'o.id',
        where: [
          Sql.raw("r.status = 'ACTIVE'"),
          resellerId !== undefined ? servedByVisiblePartner(ctx, 'o', resellerId) : undefined,
          visibilityOf(ctx).customer('o'),
        ],
      };
      return {
        src,
        toEdge: (row, cursor) => ({
          cursor,
          node: orgs.one(row) as Customer,
        }),
      };
    },
  );
}
