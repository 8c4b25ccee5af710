import { ArgsType, Field, ID, ObjectType } from 'type-graphql';
import { connectionTypes } from '../core/connection';
import { PageArgs } from '../core/pagination';
import { Country } from '../regions/country.entity';
import { regionCatalog } from '../regions/region-catalog';
import type { CspRegion } from '../regions/region.entity';
import type { Partner } from '../partners/partner.entity';
import { toGlobalId } from '../core/node-id';
import { ProviderProfile } from '../partners/provider-profile.entity';

/** What the public directory shows of one provider: no contact person, no MPN ID, no status. */
@ObjectType('ProviderDirectoryEntry', {
  description: 'An indirect provider as the public provider directory lists it (R-06).',
  // Plain properties and getters, no field guards: graphql-js reads them directly.
  simpleResolvers: true,
})
export class ProviderDirectoryEntry {
  provider: Partner;

  /** The CSP regions the provider is authorized in, read with the directory's page. */
  authorizedRegions?: readonly CspRegion[];

  @Field(() => ProviderProfile, { description: 'The profile the provider publishes.' })
  profile: ProviderProfile;

  @Field(() => ID, {
    description: 'ID of the provider (a Partner); visible as an object only to its partners.',
  })
  get providerId(): string {
    return toGlobalId('Partner', this.provider.id);
  }

  @Field({ description: 'Legal business name.' })
  get name(): string {
    return this.provider.name;
  }

  @Field(() => Country, { description: 'Legal country of the provider.' })
  get country(): Country {
    return this.provider.country;
  }
}

export const { Connection: ProviderDirectoryConnection } = connectionTypes(
  'ProviderDirectoryEntry',
  ProviderDirectoryEntry,
  'A page of the public provider directory.',
);

export function directoryEntry(
  provider: Partner,
  profile: ProviderProfile,
  authorizedRegions?: readonly CspRegion[],
): ProviderDirectoryEntry {
  return Object.assign(new ProviderDirectoryEntry(), { provider, profile, authorizedRegions });
}

const regionLists = new Map<string, readonly CspRegion[]>();

/**
 * The regions of a comma-separated list of codes (a GROUP_CONCAT), sorted by code as the
 * per-provider read orders them. The combinations are few, so each is resolved once.
 */
export function regionsOfCodes(codes: string | null): readonly CspRegion[] {
  const key = codes ?? '';
  let regions = regionLists.get(key);
  if (!regions) {
    regions = key
      .split(',')
      .filter((code) => code !== '')
      .sort()
      .flatMap((code) => regionCatalog.region(code) ?? []);
    if (regionLists.size < 1024) regionLists.set(key, regions);
  }
  return regions;
}

@ArgsType()
export class ProviderDirectoryArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description:
      'Only providers authorized in this CSP region (a `CspRegion.code`, e.g. `EUROPE`).',
  })
  regionCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Only providers that can serve a reseller of this country: authorized in the country's CSP region (R-08). ISO code, e.g. `FR`.",
  })
  servesCountryCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only providers whose legal country is this one. ISO code.',
  })
  countryCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only providers whose name contains this text (case-insensitive).',
  })
  name?: string | null;
}

export function knownRegionCode(code: string): boolean {
  return regionCatalog.region(code) !== undefined;
}
