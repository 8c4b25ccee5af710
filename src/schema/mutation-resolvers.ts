import { CustomerMutationResolver } from '../customers/customer-mutation.resolver';
import { ProviderAuthorizationResolver } from '../directory/provider-authorization.resolver';
import { PartnerUserResolver } from '../identity/partner-user.resolver';
import { EnrollmentResolver } from '../partners/enrollment.resolver';
import { PartnerMutationResolver } from '../partners/partner-mutation.resolver';
import { PartnerSuspensionMutationResolver } from '../partnerships/partner-suspension-mutation.resolver';
import { PartnershipMutationResolver } from '../partnerships/partnership-mutation.resolver';
import { MultiChannelMutationResolver } from '../subscriptions/multi-channel-mutation.resolver';
import { OrderMutationResolver } from '../subscriptions/order-mutation.resolver';
import { SubscriptionMutationResolver } from '../subscriptions/subscription-mutation.resolver';

/** Resolvers of the write side, one or more per domain. */
export const mutationResolvers: Function[] = [
  PartnerMutationResolver,
  EnrollmentResolver,
  PartnerUserResolver,
  ProviderAuthorizationResolver,
  PartnershipMutationResolver,
  PartnerSuspensionMutationResolver,
  OrderMutationResolver,
  SubscriptionMutationResolver,
  MultiChannelMutationResolver,
  CustomerMutationResolver,
];
