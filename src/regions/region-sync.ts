import type { EntityManager } from 'typeorm';
import { Country } from './country.entity';
import { regionCatalog } from './region-catalog';
import { CspRegion } from './region.entity';

/**
 * R-07: regions and countries are data shipped in `regions.data.json`. After migrations the
 * tables are brought in line with the file (added and changed rows; rows still referenced by
 * partners are never deleted here).
 */
export async function syncRegionData(manager: EntityManager): Promise<void> {
  await manager.getRepository(CspRegion).upsert(regionCatalog.regions, ['code']);
  await manager.getRepository(Country).upsert(regionCatalog.countries, ['code']);
}
