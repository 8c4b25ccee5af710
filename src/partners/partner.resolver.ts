import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { connectionNodeColumns } from '../core/selected-columns';
import type { RequestContext } from '../core/request-context';
import { searchText } from '../core/filters';
import { parseOptionalId } from '../core/node-id';
import { PageArgs, toPageRequest } from '../core/pagination';
import { UserConnection } from '../identity/user.types';
import { organizationUsers } from '../identity/user.reads';
import { CspRegion } from '../regions/region.entity';
import { ProviderProfile } from './provider-profile.entity';
import { CUSTOMER_NODE_COLUMNS, CustomerConnection } from '../customers/customer.types';
import { SubscriptionConnection, SubscriptionListArgs } from '../subscriptions/subscription.types';
import { partnerSubscriptions } from '../subscriptions/subscription.reads';
import { emptyConnection } from '../core/connection';
import { PartnerKind } from './partner-kind';
import { Partner } from './partner.entity';
import {
  authorizedRegions,
  listPartners,
  partnerCustomers,
  partnershipPartners,
  providerProfile,
} from './partner.reads';
import {
  PartnerConnection,
  PartnerCustomersArgs,
  PartnerListArgs,
  PartnershipListArgs,
  PartnershipPartnerConnection,
} from './partner.types';

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

  @FieldResolver(() => CustomerConnection, {
    description:
      'Customers this partner has an active relationship with, as far as you can see them (R-22: filter by indirect reseller).',
  })
  customers(
    @Root() partner: Partner,
    @Args() args: PartnerCustomersArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const resellerId = parseOptionalId(args.indirectResellerId, 'Partner', 'indirectResellerId');
    return partnerCustomers(
      ctx,
      partner.id,
      resellerId,
      toPageRequest(args),
      connectionNodeColumns(info, CUSTOMER_NODE_COLUMNS),
    );
  }

  @FieldResolver(() => SubscriptionConnection, {
    description:
      'Subscriptions this partner bills, is partner of record or support contact for, or services (R-25, R-26, R-28), as far as you can see them.',
  })
  subscriptions(
    @Root() partner: Partner,
    @Args() args: SubscriptionListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const customerId = parseOptionalId(args.customerId, 'Customer', 'customerId');
    return partnerSubscriptions(
      ctx,
      partner.id,
      { status: args.status ?? undefined, customerId },
      toPageRequest(args),
      info,
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
