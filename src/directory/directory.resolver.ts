import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../core/request-context';
import { badUserInput } from '../core/errors';
import { countryCodeFilter, searchText } from '../core/filters';
import { toPageRequest } from '../core/pagination';
import { authorizedRegions } from '../partners/partner.reads';
import { regionCatalog } from '../regions/region-catalog';
import { CspRegion } from '../regions/region.entity';
import { listDirectory } from './directory.reads';
import {
  ProviderDirectoryArgs,
  ProviderDirectoryConnection,
  ProviderDirectoryEntry,
} from './directory.types';

@Resolver(() => ProviderDirectoryEntry)
export class DirectoryResolver {
  @Query(() => ProviderDirectoryConnection, {
    description:
      'The public provider directory (R-06): active indirect providers and what they offer, searchable by region, country and name. No token needed.',
  })
  providerDirectory(
    @Args() args: ProviderDirectoryArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const req = toPageRequest(args);
    const regionCodes: string[] = [];
    let regionFiltered = false;
    if (args.regionCode != null) {
      if (!regionCatalog.region(args.regionCode)) {
        throw badUserInput('regionCode', 'regionCode is not a CSP region code (see `cspRegions`)');
      }
      regionCodes.push(args.regionCode);
      regionFiltered = true;
    }
    const serves = countryCodeFilter(args.servesCountryCode, 'servesCountryCode');
    if (serves !== undefined) {
      const region = regionCatalog.regionOfCountry(serves);
      if (!region)
        throw badUserInput(
          'servesCountryCode',
          'servesCountryCode is not a country of the CSP program',
        );
      // Both filters: a provider must be authorized in a region matching both, i.e. the same one.
      if (regionFiltered && regionCodes[0] !== region.code) regionCodes.length = 0;
      else if (!regionFiltered) regionCodes.push(region.code);
      regionFiltered = true;
    }
    return listDirectory(
      ctx,
      {
        regionCodes: regionFiltered ? regionCodes : undefined,
        countryCode: countryCodeFilter(args.countryCode, 'countryCode'),
        name: searchText(args.name, 'name'),
      },
      req,
      info,
    );
  }

  @FieldResolver(() => [CspRegion], {
    description: 'CSP regions the provider is authorized in (R-06).',
  })
  authorizedRegions(@Root() entry: ProviderDirectoryEntry, @Ctx() ctx: RequestContext) {
    return entry.authorizedRegions ?? authorizedRegions(ctx, entry.provider.id);
  }
}
