import data from './regions.data.json';
import { Country } from './country.entity';
import { CspRegion } from './region.entity';

/**
 * The shipped region data, in memory. The same file fills the `csp_region` and `country`
 * tables through migrations, so SQL can join on them while code asks this catalog.
 */
export class RegionCatalog {
  private readonly regionsByCode = new Map<string, CspRegion>();
  private readonly countriesByCode = new Map<string, Country>();

  constructor(source: typeof data = data) {
    for (const r of source.regions) {
      this.regionsByCode.set(r.code, Object.assign(new CspRegion(), r));
    }
    for (const [code, name, regionCode] of source.countries) {
      if (!this.regionsByCode.has(regionCode)) {
        throw new Error(`regions.data.json: country ${code} names unknown region ${regionCode}`);
      }
      this.countriesByCode.set(code, Object.assign(new Country(), { code, name, regionCode }));
    }
  }

  get regions(): CspRegion[] {
    return [...this.regionsByCode.values()];
  }

  get countries(): Country[] {
    return [...this.countriesByCode.values()];
  }

  region(code: string): CspRegion | undefined {
    return this.regionsByCode.get(code);
  }

  country(code: string): Country | undefined {
    return this.countriesByCode.get(code);
  }

  /** the CSP region of a legal country, or undefined for a country outside the program. */
  regionOfCountry(countryCode: string): CspRegion | undefined {
    const country = this.countriesByCode.get(countryCode);
    return country && this.regionsByCode.get(country.regionCode);
  }

  countriesOf(regionCode: string): Country[] {
    return this.countries.filter((c) => c.regionCode === regionCode);
  }
}

export const regionCatalog = new RegionCatalog();
