import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { parseOptionalId } from '../core/node-id';
import { toPageRequest } from '../core/pagination';
import type { RequestContext } from '../core/request-context';
import { Customer } from '../customers/customer.entity';
import { Partner } from '../partners/partner.entity';
import { customerSubscriptions, partnerSubscriptions } from './subscription.reads';
import {
  CustomerSubscriptionArgs,
  SubscriptionConnection,
  SubscriptionListArgs,
} from './subscription.types';

/** `Customer.subscriptions`: a customer's subscriptions. */
@Resolver(() => Customer)
export class CustomerSubscriptionsResolver {
  @FieldResolver(() => SubscriptionConnection, {
    description: "The customer's subscriptions, as far as you can see them (R-30).",
  })
  subscriptions(
    @Root() customer: Customer,
    @Args() args: CustomerSubscriptionArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return customerSubscriptions(
      ctx,
      customer.id,
      { status: args.status ?? undefined },
      toPageRequest(args),
      info,
    );
  }
}

/** `Partner.subscriptions`: the subscriptions a partner bills, sells, supports or services. */
@Resolver(() => Partner)
export class PartnerSubscriptionsResolver {
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
}
