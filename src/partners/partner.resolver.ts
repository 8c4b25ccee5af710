import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../core/request-context';
import { searchText } from '../core/filters';
import { PageArgs, toPageRequest } from '../core/pagination';
import { UserConnection } from '../identity/user.types';
import { organizationUsers } from '../identity/user.reads';
import { CspRegion } from '../regions/region.entity';
import { ProviderProfile } from './provider-profile.entity';
import { PartnerKind } from './partner-kind';
import { Partner } from './partner.entity';
import { authorizedRegions, listPartners, providerProfile } from './partner.reads';
import { PartnerConnection, PartnerListArgs } from './partner.types';

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => PartnerConnection, {
    description:
      'Partners you can see (R-30): the vendor sees all; a partner sees itself and its partnership counterparts; a customer its partners.',
  })
  partners(@Args() args: PartnerListArgs, @Ctx() ctx: RequestContext) {
    ctx.requireViewer();
    const req = toPageRequest(args);
    return listPartners(
      ctx,
      {
        kind: args.kind ?? undefined,
        status: args.status ?? undefined,
        search: searchText(args.search),
      },
      req,
    );
  }

  @FieldResolver(() => UserConnection, {
    description: "The partner's users; visible to its own users and the vendor only.",
  })
  users(@Root() partner: Partner, @Args() args: PageArgs, @Ctx() ctx: RequestContext) {
    return organizationUsers(ctx, partner.id, toPageRequest(args));
  }

  @FieldResolver(() => [CspRegion], {
    description:
      'CSP regions where the vendor authorized this partner as an indirect provider (R-06).',
  })
  authorizedRegions(@Root() partner: Partner, @Ctx() ctx: RequestContext) {
    return partner.kind === PartnerKind.INDIRECT_PROVIDER ? authorizedRegions(ctx, partner.id) : [];
  }

  @FieldResolver(() => ProviderProfile, {
    nullable: true,
    description: "The provider's public directory profile (R-06); null for other kinds.",
  })
  providerProfile(@Root() partner: Partner, @Ctx() ctx: RequestContext) {
    return partner.kind === PartnerKind.INDIRECT_PROVIDER ? providerProfile(ctx, partner.id) : null;
  }
}
