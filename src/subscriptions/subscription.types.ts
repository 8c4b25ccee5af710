import type { FieldColumns } from '../core/selected-columns';
import { ArgsType, Field, ID } from 'type-graphql';
import { connectionTypes } from '../core/connection';
import { PageArgs } from '../core/pagination';
import { SubscriptionStatus } from './subscription-enums';
import { Order } from './order.entity';
import { Subscription } from './subscription.entity';

export const { Connection: SubscriptionConnection } = connectionTypes(
  'Subscription',
  Subscription,
  'A page of subscriptions.',
);

export const { Connection: OrderConnection } = connectionTypes('Order', Order, 'A page of orders.');

@ArgsType()
export class OrderListArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only orders for this customer.' })
  customerId?: string | null;
}

@ArgsType()
export class SubscriptionListArgs extends PageArgs {
  @Field(() => SubscriptionStatus, {
    nullable: true,
    description: 'Only subscriptions in this status.',
  })
  status?: SubscriptionStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only subscriptions of this customer.' })
  customerId?: string | null;
}

@ArgsType()
export class CustomerSubscriptionArgs extends PageArgs {
  @Field(() => SubscriptionStatus, {
    nullable: true,
    description: 'Only subscriptions in this status.',
  })
  status?: SubscriptionStatus | null;
}

/**
 * Subscription fields a list can serve from a narrowed row (connectionNodeColumns), with the
 * columns their resolvers read; any other field selected fetches the whole row.
 */
export const SUBSCRIPTION_NODE_COLUMNS: FieldColumns = {
  id: [],
  friendlyName: ['friendly_name'],
  quantity: ['quantity'],
  status: ['status'],
  version: ['version'],
  customer: ['customer_id'],
  offer: ['offer_id'],
};
