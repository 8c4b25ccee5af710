import type { DomainModule } from '../core/domain-module';
import { Country } from './country.entity';
import { CspRegion } from './region.entity';
import { CountryFieldsResolver, CspRegionFieldsResolver, RegionResolver } from './region.resolver';

export const regionsModule: DomainModule = {
  name: 'regions',
  entities: [Country, CspRegion],
  resolvers: [RegionResolver, CspRegionFieldsResolver, CountryFieldsResolver],
};
