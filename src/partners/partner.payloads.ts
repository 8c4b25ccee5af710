import { Field, InputType, ObjectType } from 'type-graphql';
import { Equals } from 'class-validator';
import { MutationPayload } from '../core/payload';
import { Partner } from './partner.entity';

@ObjectType('PartnerPayload', { description: 'Result of a mutation that changes a partner.' })
export class PartnerPayload extends MutationPayload {
  @Field(() => Partner, {
    nullable: true,
    description: 'The partner as it is now; null when refused.',
  })
  partner: Partner | null = null;
}

@InputType('AcceptPartnerAgreementInput', {
  description: 'Acceptance of the partner agreement (R-04).',
})
export class AcceptPartnerAgreementInput {
  @Field({ description: 'Must be true: the GLOBAL_ADMIN explicitly accepts the agreement.' })
  @Equals(true, { message: 'consent must be true to accept the agreement' })
  consent: boolean;
}
