import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { IsText } from '../core/validators';
import { MAX_QUANTITY } from './order.payloads';

@InputType('RecordExternalSubscriptionInput', {
  description:
    'A subscription your organization bought elsewhere (R-28), recorded by a customer admin, optionally with a partner hired to provision and support it.',
})
export class RecordExternalSubscriptionInput {
  @Field(() => ID, {
    description:
      'The catalog offer bought. Unknown: NOT_FOUND; retired or not sold in your CSP region: OFFER_NOT_AVAILABLE (R-23).',
  })
  offerId: string;

  @Field(() => Int, {
    description: `License units, a positive integer (at most ${MAX_QUANTITY}); outside the offer's bounds: INVALID_QUANTITY (R-23).`,
  })
  @IsInt()
  @Min(1, { message: 'must be a positive integer' })
  @Max(MAX_QUANTITY, { message: `must be at most ${MAX_QUANTITY}` })
  quantity: number;

  @Field(() => String, {
    nullable: true,
    description:
      "A name for the subscription, 1 to 200 characters on one line; defaults to the offer's name.",
  })
  @IsOptional()
  @IsText(200)
  friendlyName?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'A partner to hire for provisioning and support, as with `hireServicePartner`; none when omitted.',
  })
  servicePartnerId?: string | null;
}

@InputType('HireServicePartnerInput', {
  description:
    'A partner hired by the customer to provision and support a subscription bought elsewhere (R-28).',
})
export class HireServicePartnerInput {
  @Field(() => ID, {
    description:
      'Your subscription bought elsewhere, not cancelled; one ordered through a partner: INVALID_STATE. Not yours: NOT_FOUND.',
  })
  subscriptionId: string;

  @Field(() => ID, {
    description:
      'The partner to hire: any active partner that accepted the partner agreement (NOT_FOUND otherwise). It replaces any partner hired before. Without a relationship with you, it gets delegated admin privileges through a new relationship of origin MULTI_CHANNEL.',
  })
  partnerId: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "The subscription's `version` as you read it; when given, a stale one is CONFLICT (R-27).",
  })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'must be a positive integer' })
  version?: number | null;
}

@InputType('EndServicePartnerHireInput', {
  description: 'The end of a service partner hire by the customer (R-28).',
})
export class EndServicePartnerHireInput {
  @Field(() => ID, {
    description:
      'Your subscription bought elsewhere that has a hired partner (INVALID_STATE otherwise). Not yours: NOT_FOUND.',
  })
  subscriptionId: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "The subscription's `version` as you read it; when given, a stale one is CONFLICT (R-27).",
  })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'must be a positive integer' })
  version?: number | null;
}
