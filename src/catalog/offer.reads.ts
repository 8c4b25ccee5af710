import { visibilityOf } from '../access/visibility';
import type { ListSource, Row } from '../core/list-query';
import { containsText, inList, runSql, sql, Sql } from '../db/sql';
import type { ConnectionData } from '../core/connection';
import type { RequestContext } from '../core/request-context';
import { loadOptionalById, type ByIdSpec } from '../access/by-id';
import { listConnection } from '../core/list-connection';
import type { PageRequest } from '../core/pagination';
import { regionCatalog } from '../regions/region-catalog';
import type { CspRegion } from '../regions/region.entity';
import type { ProductFamily } from './catalog-enums';
import { Offer } from './offer.entity';

export const offerById: ByIdSpec<Offer> = {
  name: 'offer',
  target: Offer,
  table: 'offer',
  alias: 'f',
  visible: (v) => v.offer(),
};

export function loadOffer(ctx: RequestContext, id: number | null | undefined) {
  return loadOptionalById(ctx, offerById, id);
}

export interface OfferFilter {
  productFamily?: ProductFamily;
  regionCode?: string;
  search?: string;
  availableOnly: boolean;
}

export function listOffers(
  ctx: RequestContext,
  filter: OfferFilter,
  req: PageRequest,
): Promise<ConnectionData<Offer>> {
  const offers = ctx.hydrator(Offer, 'f');
  const src: ListSource = {
    from: Sql.raw('offer f'),
    select: offers.columns,
    key: 'f.id',
    where: [
      filter.productFamily ? sql`f.product_family = ${filter.productFamily}` : undefined,
      filter.regionCode
        ? sql`EXISTS (SELECT 1 FROM offer_region fr WHERE fr.offer_id = f.id AND fr.region_code = ${filter.regionCode})`
        : undefined,
      filter.search ? containsText('f.name', filter.search) : undefined,
      filter.availableOnly ? Sql.raw('f.available = 1') : undefined,
      visibilityOf(ctx).offer(),
    ],
  };
  return listConnection(ctx, src, req, (row, cursor) => ({ cursor, node: offers.one(row) }));
}

/** the regions where an offer is sold. */
export function offerRegions(ctx: RequestContext, offerId: number): Promise<CspRegion[]> {
  const loader = ctx.loaders.get<number, CspRegion[]>('offerRegions', async (ids) => {
    const rows = await runSql<Row>(
      ctx.db,
      sql`SELECT offer_id, region_code FROM offer_region WHERE offer_id IN ${inList(ids)} ORDER BY region_code`,
    );
    const byOffer = new Map<number, CspRegion[]>(ids.map((id) => [id, []]));
    for (const row of rows) {
      const region = regionCatalog.region(String(row.region_code));
      if (region) byOffer.get(Number(row.offer_id))?.push(region);
    }
    return ids.map((id) => byOffer.get(id) ?? []);
  });
  return loader.load(offerId);
}
