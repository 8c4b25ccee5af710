import { Arg, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../core/errors';
import { Country } from './country.entity';
import { regionCatalog } from './region-catalog';
import { CspRegion } from './region.entity';

@Resolver(() => CspRegion)
export class RegionResolver {
  @Query(() => [CspRegion], { description: 'The CSP regions (R-07). Public reference data.' })
  cspRegions(): CspRegion[] {
    return regionCatalog.regions;
  }

  @Query(() => [Country], {
    description: 'Countries of the CSP program and their regions (R-07). Public reference data.',
  })
  countries(
    @Arg('regionCode', () => String, {
      nullable: true,
      description: 'Only the countries of this region.',
    })
    regionCode?: string | null,
  ): Country[] {
    if (regionCode == null) return regionCatalog.countries;
    if (!regionCatalog.region(regionCode))
      throw badUserInput('regionCode', 'regionCode is not a CSP region code');
    return regionCatalog.countriesOf(regionCode);
  }
}

@Resolver(() => CspRegion)
export class CspRegionFieldsResolver {
  @FieldResolver(() => [Country], { description: 'Countries in this region.' })
  countries(@Root() region: CspRegion): Country[] {
    return regionCatalog.countriesOf(region.code);
  }
}

@Resolver(() => Country)
export class CountryFieldsResolver {
  @FieldResolver(() => CspRegion, { description: 'The CSP region of the country.' })
  region(@Root() country: Country): CspRegion {
    return regionCatalog.region(country.regionCode)!;
  }
}
