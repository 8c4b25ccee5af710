import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { Offer } from '../catalog/offer.entity';
import { Customer } from '../customers/customer.entity';
import type { RequestContext } from '../core/request-context';
import { parseOptionalId } from '../core/node-id';
import { PageArgs, toPageRequest } from '../core/pagination';
import { User } from '../identity/user.entity';
import { loadUser } from '../identity/user.reads';
import { loadPartner } from '../partners/partner.loaders';
import { loadCustomer } from '../customers/customer.loaders';
import { Partner } from '../partners/partner.entity';
import { Order } from './order.entity';
import { Subscription } from './subscription.entity';
import {
  listOrders,
  listSubscriptions,
  loadOrder,
  orderSubscriptions,
  subscriptionCustomer,
  subscriptionOffer,
} from './subscription.reads';
import {
  OrderConnection,
  OrderListArgs,
  SubscriptionConnection,
  SubscriptionListArgs,
} from './subscription.types';

@Resolver(() => Subscription)
export class SubscriptionResolver {
  @Query(() => SubscriptionConnection, {
    description:
      'Subscriptions you can see (R-30): those your organization bills, is partner of record, support contact or service partner for, or that belong to customers it administers.',
  })
  subscriptions(
    @Args() args: SubscriptionListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    ctx.requireViewer();
    const req = toPageRequest(args);
    const customerId = parseOptionalId(args.customerId, 'Customer', 'customerId');
    return listSubscriptions(ctx, { status: args.status ?? undefined, customerId }, req, info);
  }

  @FieldResolver(() => Customer, {
    nullable: true,
    description: 'The customer that uses the subscription.',
  })
  customer(@Root() s: Subscription, @Ctx() ctx: RequestContext) {
    return subscriptionCustomer(ctx, s);
  }

  @FieldResolver(() => Offer, { description: 'The offer subscribed to.' })
  offer(@Root() s: Subscription, @Ctx() ctx: RequestContext) {
    return subscriptionOffer(ctx, s);
  }

  @FieldResolver(() => Partner, {
    nullable: true,
    description:
      'The transacting partner (provider or direct-bill) that bills it; null when bought elsewhere (R-28).',
  })
  billingPartner(@Root() s: Subscription, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, s.billingPartnerId);
  }

  @FieldResolver(() => Partner, {
    nullable: true,
    description: 'The indirect reseller credited as partner of record, earning incentives (R-25).',
  })
  partnerOfRecord(@Root() s: Subscription, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, s.partnerOfRecordId);
  }

  @FieldResolver(() => Partner, {
    nullable: true,
    description: 'The indirect reseller designated as support contact (R-26).',
  })
  supportContact(@Root() s: Subscription, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, s.supportContactId);
  }

  @FieldResolver(() => Partner, {
    nullable: true,
    description:
      'The partner hired to provision and support a subscription bought elsewhere (R-28).',
  })
  servicePartner(@Root() s: Subscription, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, s.servicePartnerId);
  }

  @FieldResolver(() => Order, {
    nullable: true,
    description: 'The order that created it, when you can see it.',
  })
  order(@Root() s: Subscription, @Ctx() ctx: RequestContext) {
    return loadOrder(ctx, s.orderId);
  }
}

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => OrderConnection, {
    description:
      'Orders you can see (R-30): those your organization placed as transacting partner (R-24), or, for a customer admin, those placed for your organization.',
  })
  orders(@Args() args: OrderListArgs, @Ctx() ctx: RequestContext) {
    ctx.requireViewer();
    const req = toPageRequest(args);
    const customerId = parseOptionalId(args.customerId, 'Customer', 'customerId');
    return listOrders(ctx, { customerId }, req);
  }

  @FieldResolver(() => SubscriptionConnection, {
    description:
      'The subscriptions the order created, one per line, as far as you can see them (R-30).',
  })
  subscriptions(
    @Root() order: Order,
    @Args() args: PageArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return orderSubscriptions(ctx, order.id, toPageRequest(args), info);
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: "Who placed it; visible to the placing partner's own users only.",
  })
  placedBy(@Root() order: Order, @Ctx() ctx: RequestContext) {
    return loadUser(ctx, order.placedByUserId);
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The customer ordered for.' })
  customer(@Root() order: Order, @Ctx() ctx: RequestContext) {
    return loadCustomer(ctx, order.customerId);
  }

  @FieldResolver(() => Partner, {
    nullable: true,
    description: 'The transacting partner that placed and bills it.',
  })
  billingPartner(@Root() order: Order, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, order.billingPartnerId);
  }
}
