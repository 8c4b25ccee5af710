import { visibilityOf } from '../access/visibility';
import { ProviderProfile } from './provider-profile.entity';
import type { ListSource, Row } from '../core/list-query';
import { containsText, inList, runSql, sql, Sql } from '../db/sql';
import type { ConnectionData } from '../core/connection';
import type { RequestContext } from '../core/request-context';
import { listConnection } from '../core/list-connection';
import type { PageRequest } from '../core/pagination';
import { Organization } from '../organizations/organization.entity';
import { disclosureSelect, primeDisclosure } from './partner-disclosure';
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
  const orgs = ctx.hydrator(Organization, 'o');
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
      visibilityOf(ctx).partner('o'),
    ],
  };
  return listConnection(ctx, src, req, (row, cursor) => ({
    cursor,
    node: primed(ctx, orgs.one(row) as Partner, row),
  }));
}

/** the partner of a row read with `disclosureSelect`, its field rule answered. */
export function primed(ctx: RequestContext, partner: Partner, row: Row): Partner {
  primeDisclosure(ctx, partner.id, row);
  return partner;
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
    const profiles = ctx.hydrator(ProviderProfile, 'pp');
    const rows = await runSql(
      ctx.db,
      sql`SELECT ${profiles.columns} FROM provider_profile pp WHERE pp.provider_id IN ${inList(ids)}`,
    );
    const byId = new Map(profiles.many(rows).map((p) => [p.providerId, p]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  return loader.load(providerId);
}
