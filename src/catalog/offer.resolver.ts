import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../core/request-context';
import { badUserInput } from '../core/errors';
import { searchText } from '../core/filters';
import { toPageRequest } from '../core/pagination';
import { regionCatalog } from '../regions/region-catalog';
import { CspRegion } from '../regions/region.entity';
import { Offer } from './offer.entity';
import { listOffers, offerRegions } from './offer.reads';
import { OfferConnection, OfferListArgs } from './offer.types';

@Resolver(() => Offer)
export class OfferResolver {
  @Query(() => OfferConnection, {
    description: 'The offer catalog (R-23); any signed-in caller can browse it.',
  })
  offers(@Args() args: OfferListArgs, @Ctx() ctx: RequestContext) {
    ctx.requireViewer();
    const req = toPageRequest(args);
    if (args.regionCode != null && !regionCatalog.region(args.regionCode)) {
      throw badUserInput('regionCode', 'regionCode is not a CSP region code (see `cspRegions`)');
    }
    return listOffers(
      ctx,
      {
        productFamily: args.productFamily ?? undefined,
        regionCode: args.regionCode ?? undefined,
        search: searchText(args.search),
        availableOnly: args.availableOnly,
      },
      req,
    );
  }

  @FieldResolver(() => [CspRegion], { description: 'CSP regions where the offer is sold (R-23).' })
  regions(@Root() offer: Offer, @Ctx() ctx: RequestContext) {
    return offerRegions(ctx, offer.id);
  }
}
