import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { emptyConnection } from '../core/connection';
import { toPageRequest } from '../core/pagination';
import type { RequestContext } from '../core/request-context';
import { Partner } from '../partners/partner.entity';
import { PartnershipListArgs, PartnershipPartnerConnection } from './partnership-partner.types';
import { partnershipPartners } from './partnership-partners.reads';

/** A partner's partnerships seen from either side: the caller's own, and any visible partner's. */
@Resolver(() => Partner)
export class PartnerPartnershipsResolver {
  @Query(() => PartnershipPartnerConnection, {
    name: 'indirectResellers',
    description:
      "Your organization's indirect resellers (when it is an indirect provider), with each partnership.",
  })
  myIndirectResellers(
    @Args() args: PartnershipListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const viewer = ctx.requireViewer();
    const req = toPageRequest(args);
    if (viewer.organizationType !== 'PARTNER') return emptyConnection();
    return partnershipPartners(
      ctx,
      'resellers',
      viewer.organizationId,
      args.state ?? undefined,
      req,
      info,
    );
  }

  @Query(() => PartnershipPartnerConnection, {
    name: 'indirectProviders',
    description:
      "Your organization's indirect providers (when it is an indirect reseller), with each partnership.",
  })
  myIndirectProviders(
    @Args() args: PartnershipListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const viewer = ctx.requireViewer();
    const req = toPageRequest(args);
    if (viewer.organizationType !== 'PARTNER') return emptyConnection();
    return partnershipPartners(
      ctx,
      'providers',
      viewer.organizationId,
      args.state ?? undefined,
      req,
      info,
    );
  }

  @FieldResolver(() => PartnershipPartnerConnection, {
    description:
      'The indirect resellers of this provider, with each partnership (R-10..R-13). Empty for other kinds.',
  })
  indirectResellers(
    @Root() partner: Partner,
    @Args() args: PartnershipListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return partnershipPartners(
      ctx,
      'resellers',
      partner.id,
      args.state ?? undefined,
      toPageRequest(args),
      info,
    );
  }

  @FieldResolver(() => PartnershipPartnerConnection, {
    description:
      'The indirect providers of this reseller, with each partnership. Empty for other kinds.',
  })
  indirectProviders(
    @Root() partner: Partner,
    @Args() args: PartnershipListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return partnershipPartners(
      ctx,
      'providers',
      partner.id,
      args.state ?? undefined,
      toPageRequest(args),
      info,
    );
  }
}
