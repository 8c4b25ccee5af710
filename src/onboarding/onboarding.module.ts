import type { DomainModule } from '../core/domain-module';
import { AddCustomerResolver } from './add-customer.resolver';

/**
 * Adding a customer together with its first subscriptions (R-15..R-18): one workflow over
 * customers and subscriptions, so it sits above both in the domain order.
 */
export const onboardingModule: DomainModule = {
  name: 'onboarding',
  resolvers: [AddCustomerResolver],
};
