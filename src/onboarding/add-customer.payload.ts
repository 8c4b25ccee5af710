import { Field, ObjectType } from 'type-graphql';
import { MutationPayload } from '../core/payload';
import { CustomerRelationship } from '../customers/customer-relationship.entity';
import { Customer } from '../customers/customer.entity';
import { CustomerAdminCredentials } from '../customers/customer.payloads';
import { Order } from '../subscriptions/order.entity';
import { Subscription } from '../subscriptions/subscription.entity';

@ObjectType('AddCustomerPayload', { description: 'Result of addCustomer.' })
export class AddCustomerPayload extends MutationPayload {
  @Field(() => Customer, { nullable: true, description: 'The new customer; null when refused.' })
  customer: Customer | null = null;

  @Field(() => CustomerRelationship, {
    nullable: true,
    description:
      'Your relationship with the customer: ACTIVE, reseller relationship and delegated admin (origin ADDED_BY_PARTNER).',
  })
  relationship: CustomerRelationship | null = null;

  @Field(() => CustomerRelationship, {
    nullable: true,
    description:
      "R-15: the designated reseller's relationship (ACTIVE, delegated admin, origin DESIGNATED_RESELLER); null when none was designated.",
  })
  designatedResellerRelationship: CustomerRelationship | null = null;

  @Field(() => CustomerAdminCredentials, {
    nullable: true,
    description:
      'R-17: the admin user name and temporary password, returned this once; null when refused and when the request is a replay of an earlier one (idempotencyKey).',
  })
  adminCredentials: CustomerAdminCredentials | null = null;

  @Field(() => Order, {
    nullable: true,
    description: 'R-16: the order of the first subscriptions; null when none were asked for.',
  })
  order: Order | null = null;

  @Field(() => [Subscription], {
    description: 'R-16: the first subscriptions, one per line, in the order of the input.',
  })
  subscriptions: Subscription[] = [];

  @Field({
    description:
      'True when this answers a retry with an idempotencyKey used before: nothing was created now.',
  })
  replayed: boolean = false;
}
