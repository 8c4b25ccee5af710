import type { DomainModule } from '../core/domain-module';
import {
  CustomerSubscriptionsResolver,
  PartnerSubscriptionsResolver,
} from './organization-subscriptions.resolver';
import { MultiChannelMutationResolver } from './multi-channel-mutation.resolver';
import { OrderMutationResolver } from './order-mutation.resolver';
import { Order } from './order.entity';
import { SubscriptionMutationResolver } from './subscription-mutation.resolver';
import { Subscription } from './subscription.entity';
import { loadOrder, loadSubscriptionNode } from './subscription.reads';
import { OrderResolver, SubscriptionResolver } from './subscription.resolver';

export const subscriptionsModule: DomainModule = {
  name: 'subscriptions',
  entities: [Order, Subscription],
  resolvers: [
    CustomerSubscriptionsResolver,
    PartnerSubscriptionsResolver,
    SubscriptionResolver,
    OrderResolver,
    OrderMutationResolver,
    SubscriptionMutationResolver,
    MultiChannelMutationResolver,
  ],
  nodeLoaders: { Subscription: loadSubscriptionNode, Order: loadOrder },
};
