import type { GraphQLResolveInfo } from 'graphql';
import { visibilityOf } from '../access/visibility';
import type { ConnectionData } from '../core/connection';
import type { ListSource } from '../core/list-query';
import { nestedConnection } from '../core/list-connection';
import type { PageRequest } from '../core/pagination';
import type { RequestContext } from '../core/request-context';
import { connectionNodeColumns } from '../core/selected-columns';
import { sql, Sql } from '../db/sql';
import { Organization } from '../organizations/organization.entity';
import type { Partner } from '../partners/partner.entity';
import { disclosureSelect } from '../partners/partner-disclosure';
import { primed } from '../partners/partner.reads';
import { PARTNER_NODE_COLUMNS } from '../partners/partner.types';
import type { PartnershipPartnerEdge } from './partnership-partner.types';
import type { PartnershipState } from './partnership-state';
import { Partnership } from './partnership.entity';

export type PartnershipSide = 'resellers' | 'providers';

/**
 * The indirect resellers of a provider or the indirect providers of a reseller, each with the
 * partnership. The caller sees a partnership only when it is a party to it (or the vendor),
 * which also hides the other partners of its counterpart.
 */
export function partnershipPartners(
  ctx: RequestContext,
  side: PartnershipSide,
  partnerId: number,
  state: PartnershipState | undefined,
  req: PageRequest,
  info?: Pick<GraphQLResolveInfo, 'fieldNodes'>,
): Promise<ConnectionData<Partner, PartnershipPartnerEdge>> {
  const [other, self] =
    side === 'resellers' ? ['reseller_id', 'provider_id'] : ['provider_id', 'reseller_id'];
  // Narrowed columns mean the edges select no `partnership` (any edge field but the node and
  // the cursor reads whole rows), so its columns are not read at all.
  const columns = info ? connectionNodeColumns(info, PARTNER_NODE_COLUMNS) : null;
  return nestedConnection(
    ctx,
    `partnerships:${side}:${state ?? ''}:${columns?.join(',') ?? '*'}`,
    `p.${self}`,
    partnerId,
    req,
    () => {
      const orgs = ctx.hydrator(Organization, 'o', columns);
      const partnerships = columns ? null : ctx.hydrator(Partnership, 'p');
      const disclosure = disclosureSelect(ctx, 'o');
      const select = partnerships ? sql`${orgs.columns}, ${partnerships.columns}` : orgs.columns;
      const src: ListSource = {
        from: Sql.raw(`partnership p JOIN organization o ON o.id = p.${other}`),
        select: disclosure ? sql`${select}, ${disclosure}` : select,
        key: 'p.id',
        where: [state ? sql`p.state = ${state}` : undefined, visibilityOf(ctx).partnership('p')],
      };
      return {
        src,
        toEdge: (row, cursor) => ({
          cursor,
          node: primed(ctx, orgs.one(row) as Partner, row),
          partnership: partnerships?.one(row) as Partnership,
        }),
      };
    },
  );
}
