import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MutationPayload } from '../core/payload';
import { IsText } from '../core/validators';
import { Order } from './order.entity';
import { Subscription } from './subscription.entity';

/** Far above any offer's maximum: a larger number is a typo or an attack, not an order. */
export const MAX_QUANTITY = 1_000_000;
export const MAX_ORDER_LINES = 50;

@InputType('OrderLineInput', {
  description:
    'One line of an order: an offer and a quantity, which becomes one subscription (R-23), optionally with a partner of record (R-25) and a support contact (R-26).',
})
export class OrderLineInput {
  @Field(() => ID, {
    description:
      "The offer to order. Unknown: NOT_FOUND; retired or not sold in the customer's CSP region: OFFER_NOT_AVAILABLE (R-23).",
  })
  offerId: string;

  @Field(() => Int, {
    description: `License units, a positive integer (at most ${MAX_QUANTITY}). Outside the offer's minQuantity..maxQuantity: INVALID_QUANTITY (R-23).`,
  })
  @IsInt()
  @Min(1, { message: 'must be a positive integer' })
  @Max(MAX_QUANTITY, { message: `must be at most ${MAX_QUANTITY}` })
  quantity: number;

  @Field(() => ID, {
    nullable: true,
    description:
      'An indirect reseller credited as partner of record (R-25). It must be an active reseller that accepted the agreement, with an active partnership with you and a relationship with the customer, checked now: RESELLER_NOT_ASSOCIATED otherwise.',
  })
  partnerOfRecordId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'An indirect reseller designated as support contact (R-26), under the same conditions as the partner of record: RESELLER_NOT_ASSOCIATED otherwise.',
  })
  supportContactId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "A name for the subscription, 1 to 200 characters on one line; defaults to the offer's name.",
  })
  @IsOptional()
  @IsText(200)
  friendlyName?: string | null;
}

@InputType('PlaceOrderInput', {
  description:
    'An order for a customer (R-24), submitted with a client-chosen idempotency key (R-29). All lines succeed or none does.',
})
export class PlaceOrderInput {
  @Field(() => ID, {
    description:
      'The customer to order for. You need an ACTIVE reseller relationship with it: NO_CUSTOMER_RELATIONSHIP otherwise (R-24); a customer you cannot see: NOT_FOUND.',
  })
  customerId: string;

  @Field({
    description:
      'A UUID you choose for this order (R-29). Sending the same key again returns the first result and creates nothing; the same key with a different order: IDEMPOTENCY_KEY_REUSED. Keys are scoped to your organization.',
  })
  @IsUUID('all', { message: 'must be a UUID' })
  idempotencyKey: string;

  @Field(() => [OrderLineInput], {
    description: `The order lines, 1 to ${MAX_ORDER_LINES}; each becomes one subscription.`,
  })
  @ArrayMinSize(1, { message: 'must hold at least one line' })
  @ArrayMaxSize(MAX_ORDER_LINES, { message: `must hold at most ${MAX_ORDER_LINES} lines` })
  @ValidateNested({ each: true })
  lines: OrderLineInput[];
}

@ObjectType('PlaceOrderPayload', {
  description:
    'Result of `placeOrder`: the order and its subscriptions, the same on every retry with the same idempotency key (R-29).',
})
export class PlaceOrderPayload extends MutationPayload {
  @Field(() => Order, { nullable: true, description: 'The order; null when refused.' })
  order: Order | null = null;

  @Field(() => [Subscription], {
    description:
      'The subscriptions the order created, one per line in line order; empty when refused.',
  })
  subscriptions: Subscription[] = [];
}
