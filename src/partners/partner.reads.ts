import type { GraphQLResolveInfo } from 'graphql';
import { ProviderProfile } from '../directory/provider-profile.entity';
import { Customer } from '../customers/customer.entity';
import { servedByVisiblePartner } from '../customers/customer.reads';
import type { ListSource, Row } from '../db/list-query';
import { containsText, inList, runSql, sql, Sql } from '../db/sql';
import type { ConnectionData } from '../graphql/connection';
import type { RequestContext } from '../graphql/context';
import { listConnection, nestedConnection } from '../graphql/list-connection';
import { connectionNodeColumns } from '../graphql/selected-columns';
import type { PageRequest } from '../graphql/pagination';
import { Organization } from '../organizations/organization.entity';
import { PartnershipState } from '../partnerships/partnership-state';
import { Partnership } from '../partnerships/partnership.entity';
import { disclosureSelect, primeDisclosure } from './partner-disclosure';
import { PARTNER_NODE_COLUMNS, type PartnershipPartnerEdge } from './partner.types';
import { regionCatalog } from '../regions/region-catalog';
import type { CspRegion } from '../regions/region.entity';
import type { PartnerKind } from './partner-kind';
import type { PartnerStatus } from './partner-status';
import type { Partner } from './partner.entity';

export interface PartnerFilter {
  kind?: PartnerKind;
  status?: PartnerStatus;
  search?: string;
}

/** Root `partners`: every partner the caller may see. */
export function listPartners(
  ctx: RequestContext,
  filter: PartnerFilter,
  req: PageRequest,
): Promise<ConnectionData<Partner>> {
  const orgs = ctx.app.hydrator(Organization, 'o');
  const disclosure = disclosureSelect(ctx, 'o');
  const src: ListSource = {
    from: Sql.raw('organization o'),
    select: disclosure ? sql`${orgs.columns}, ${disclosure}` : orgs.columns,
    key: 'o.id',
    where: [
      Sql.raw("o.type = 'PARTNER'"),
      filter.kind ? sql`o.kind = ${filter.kind}` : undefined,
      filter.status ? sql`o.status = ${filter.status}` : undefined,
      filter.search ? containsText('o.name', filter.search) : undefined,
      ctx.visibility.partner('o'),
    ],
  };
  return listConnection(ctx, src, req, (row, cursor) => ({
    cursor,
    node: primed(ctx, orgs.one(row) as Partner, row),
  }));
}

/** the partner of a row read with `disclosureSelect`, its field rule answered. */
function primed(ctx: RequestContext, partner: Partner, row: Row): Partner {
  primeDisclosure(ctx, partner.id, row);
  return partner;
}

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
      const orgs = ctx.app.hydrator(Organization, 'o', columns);
      const partnerships = columns ? null : ctx.app.hydrator(Partnership, 'p');
      const disclosure = disclosureSelect(ctx, 'o');
      const select = partnerships ? sql`${orgs.columns}, ${partnerships.columns}` : orgs.columns;
      const src: ListSource = {
        from: Sql.raw(`partnership p JOIN organization o ON o.id = p.${other}`),
        select: disclosure ? sql`${select}, ${disclosure}` : select,
        key: 'p.id',
        where: [state ? sql`p.state = ${state}` : undefined, ctx.visibility.partnership('p')],
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
      const orgs = ctx.app.hydrator(Organization, 'o', columns);
      const src: ListSource = {
        from: Sql.raw('customer_relationship r JOIN organization o ON o.id = r.customer_id'),
        select: orgs.columns,
        key: 'o.id',
        where: [
          Sql.raw("r.status = 'ACTIVE'"),
          resellerId !== undefined ? servedByVisiblePartner(ctx, 'o', resellerId) : undefined,
          ctx.visibility.customer('o'),
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

/** the CSP regions in which a provider is authorized. */
export async function authorizedRegions(
  ctx: RequestContext,
  providerId: number,
): Promise<CspRegion[]> {
  const loader = ctx.loaders.get<number, CspRegion[]>('authorizedRegions', async (ids) => {
    const rows = await runSql<Row>(
      ctx.db,
      sql`SELECT provider_id, region_code FROM provider_authorization WHERE provider_id IN ${inList(ids)} ORDER BY region_code`,
    );
    const byProvider = new Map<number, CspRegion[]>(ids.map((id) => [id, []]));
    for (const row of rows) {
      const region = regionCatalog.region(String(row.region_code));
      if (region) byProvider.get(Number(row.provider_id))?.push(region);
    }
    return ids.map((id) => byProvider.get(id) ?? []);
  });
  return loader.load(providerId);
}

export async function providerProfile(
  ctx: RequestContext,
  providerId: number,
): Promise<ProviderProfile | null> {
  const loader = ctx.loaders.get<number, ProviderProfile | null>('providerProfile', async (ids) => {
    const profiles = ctx.app.hydrator(ProviderProfile, 'pp');
    const rows = await runSql(
      ctx.db,
      sql`SELECT ${profiles.columns} FROM provider_profile pp WHERE pp.provider_id IN ${inList(ids)}`,
    );
    const byId = new Map(profiles.many(rows).map((p) => [p.providerId, p]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  return loader.load(providerId);
}
