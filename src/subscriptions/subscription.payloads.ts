import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MutationPayload } from '../core/payload';
import { MAX_QUANTITY } from './order.payloads';
import { SuspensionReason } from './subscription-enums';
import { Subscription } from './subscription.entity';

const MAX_VERSION = 2_147_483_647;

@ObjectType('SubscriptionPayload', {
  description: 'Result of a mutation that changes one subscription.',
})
export class SubscriptionPayload extends MutationPayload {
  @Field(() => Subscription, {
    nullable: true,
    description: 'The subscription as it is now, with its new `version`; null when refused.',
  })
  subscription: Subscription | null = null;
}

/** The subscription to change and the version the change was decided on. */
@InputType()
abstract class VersionedSubscriptionInput {
  @Field(() => ID, {
    description:
      'The subscription. One you cannot see: NOT_FOUND; one you do not bill: NOT_BILLING_PARTNER (R-27, R-28).',
  })
  subscriptionId: string;

  @Field(() => Int, {
    description:
      "The subscription's `version` as you read it (R-27). A stale version is refused with CONFLICT; each change increments it.",
  })
  @IsInt()
  @Min(1, { message: 'must be a positive integer' })
  @Max(MAX_VERSION)
  version: number;
}

@InputType('SuspendSubscriptionInput', {
  description: 'Suspension of an ACTIVE subscription by its billing partner (R-27).',
})
export class SuspendSubscriptionInput extends VersionedSubscriptionInput {
  @Field(() => SuspensionReason, { description: 'Why the subscription is suspended.' })
  reason: SuspensionReason;
}

@InputType('ReactivateSubscriptionInput', {
  description: 'Reactivation of a SUSPENDED subscription by its billing partner (R-27).',
})
export class ReactivateSubscriptionInput extends VersionedSubscriptionInput {}

@InputType('CancelSubscriptionInput', {
  description: 'Cancellation, for good, of an ACTIVE or SUSPENDED subscription (R-27).',
})
export class CancelSubscriptionInput extends VersionedSubscriptionInput {}

@InputType('ChangeSubscriptionQuantityInput', {
  description: 'A new license quantity for an ACTIVE subscription (R-27, R-23).',
})
export class ChangeSubscriptionQuantityInput extends VersionedSubscriptionInput {
  @Field(() => Int, {
    description: `The new number of license units, a positive integer (at most ${MAX_QUANTITY}); outside the offer's bounds: INVALID_QUANTITY (R-23).`,
  })
  @IsInt()
  @Min(1, { message: 'must be a positive integer' })
  @Max(MAX_QUANTITY, { message: `must be at most ${MAX_QUANTITY}` })
  quantity: number;
}

/** A reseller association of a subscription, optionally version-checked. */
@InputType()
abstract class SubscriptionResellerInput {
  @Field(() => ID, {
    description:
      'The subscription, not CANCELLED (INVALID_STATE). One you cannot see: NOT_FOUND; one you do not bill: NOT_BILLING_PARTNER.',
  })
  subscriptionId: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The indirect reseller; null or omitted clears the association. It must be an active reseller that accepted the agreement, with an active partnership with you and a relationship with the customer, checked now: RESELLER_NOT_ASSOCIATED otherwise.',
  })
  resellerId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "The subscription's `version` as you read it; when given, a stale one is CONFLICT (R-27). The change increments it either way.",
  })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'must be a positive integer' })
  @Max(MAX_VERSION)
  version?: number | null;
}

@InputType('SetSubscriptionPartnerOfRecordInput', {
  description: "The billing partner's choice of partner of record for a subscription (R-25).",
})
export class SetSubscriptionPartnerOfRecordInput extends SubscriptionResellerInput {}

@InputType('SetSubscriptionSupportContactInput', {
  description: "The billing partner's choice of support contact for a subscription (R-26).",
})
export class SetSubscriptionSupportContactInput extends SubscriptionResellerInput {}
