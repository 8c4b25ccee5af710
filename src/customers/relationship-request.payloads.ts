import { Equals, IsEmail, IsOptional, Matches, MaxLength } from 'class-validator';
import { MultiLineText } from '../core/validators';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { MutationPayload } from '../core/payload';
import { CustomerRelationship } from './customer-relationship.entity';
import { Customer } from './customer.entity';
import { RelationshipRequest } from './relationship-request.entity';

const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
const TOKEN_MESSAGE = 'token must be the token of an emailed link';

@InputType('InviteCustomerInput', {
  description:
    'R-19: a customer invitation: the customer is asked to authorize relationships with you (an indirect reseller) and one of your indirect providers at once.',
})
export class InviteCustomerInput {
  @Field(() => ID, {
    description:
      'The indirect provider the customer authorizes together with you; you need an ACTIVE partnership with it (RESELLER_NOT_PARTNERED).',
  })
  indirectProviderId: string;

  @Field({ description: "Where the link is emailed: the customer's administrator." })
  @IsEmail({}, { message: 'recipientEmail must be an email address' })
  @MaxLength(254)
  recipientEmail: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Your message, at most 2000 characters; the link is added below it. A standard text when omitted.',
  })
  @IsOptional()
  @MaxLength(2000)
  @MultiLineText()
  message?: string | null;

  @Field({
    defaultValue: true,
    description:
      "Also ask for delegated admin privileges for you, so that you administer the customer's account and subscriptions.",
  })
  delegatedAdmin: boolean;
}

@InputType('AcceptCustomerInvitationInput', {
  description: 'R-19: a customer admin accepts an invitation with the token of its link.',
})
export class AcceptCustomerInvitationInput {
  @Field({ description: 'The token of the emailed link (`?token=...`).' })
  @Matches(TOKEN, { message: TOKEN_MESSAGE })
  token: string;

  @Field({
    description:
      'Must be true: you authorize the reseller and its indirect provider to work with your organization.',
  })
  @Equals(true, { message: 'consent must be true to accept the invitation' })
  consent: boolean;
}

@InputType('RequestCustomerRelationshipInput', {
  description:
    'R-20: ask an existing customer for a reseller relationship and/or delegated admin privileges; at least one must be true.',
})
export class RequestCustomerRelationshipInput {
  @Field({
    description:
      'Tenant domain of the customer, `<prefix>.onmicrosoft.com` (case-insensitive). Unknown: NOT_FOUND; a partner tenant: PARTNER_CANNOT_BE_CUSTOMER (R-18).',
  })
  @Matches(/^[A-Za-z0-9]{3,27}\.onmicrosoft\.com$/i, {
    message: 'customerTenantDomain must look like contoso.onmicrosoft.com',
  })
  customerTenantDomain: string;

  @Field({ description: "Where the link is emailed: the customer's administrator." })
  @IsEmail({}, { message: 'recipientEmail must be an email address' })
  @MaxLength(254)
  recipientEmail: string;

  @Field(() => String, {
    nullable: true,
    description: 'Your message, at most 2000 characters; the link is added below it.',
  })
  @IsOptional()
  @MaxLength(2000)
  @MultiLineText()
  message?: string | null;

  @Field({
    defaultValue: false,
    description:
      'Ask for a reseller relationship (to sell to the customer; a transacting partner needs it to place orders, R-24). R-09 applies: the customer must be in your region.',
  })
  resellerRelationship: boolean;

  @Field({
    defaultValue: false,
    description: "Ask for delegated admin privileges over the customer's account.",
  })
  delegatedAdmin: boolean;
}

@InputType('AcceptRelationshipRequestInput', {
  description: 'R-20: a customer admin accepts a relationship request with the token of its link.',
})
export class AcceptRelationshipRequestInput {
  @Field({ description: 'The token of the emailed link (`?token=...`).' })
  @Matches(TOKEN, { message: TOKEN_MESSAGE })
  token: string;

  @Field({
    description: 'Must be true: you grant the partner the privileges the request asks for.',
  })
  @Equals(true, { message: 'consent must be true to accept the request' })
  consent: boolean;
}

@InputType('RemoveCustomerRelationshipInput', {
  description:
    "R-20: remove a partner's delegated admin privileges and/or its reseller relationship. When neither remains the relationship is REMOVED.",
})
export class RemoveCustomerRelationshipInput {
  @Field(() => ID, {
    description:
      'The relationship (`Customer.partners` edges carry it). Yours as the customer, or yours as the partner.',
  })
  relationshipId: string;

  @Field({ defaultValue: true, description: 'Remove the delegated admin privileges.' })
  delegatedAdmin: boolean;

  @Field({
    defaultValue: true,
    description:
      'Remove the reseller relationship; refused while the partner bills ACTIVE subscriptions of the customer (ACTIVE_SUBSCRIPTIONS_EXIST).',
  })
  resellerRelationship: boolean;
}

@ObjectType('RelationshipRequestPayload', {
  description: 'Result of a mutation that sends a customer invitation or relationship request.',
})
export class RelationshipRequestPayload extends MutationPayload {
  @Field(() => RelationshipRequest, {
    nullable: true,
    description: 'The request as sent (PENDING); null when refused.',
  })
  relationshipRequest: RelationshipRequest | null = null;

  @Field(() => String, {
    nullable: true,
    description:
      'The personal single-use link, shown this once (it is also in the email). Only a hash of its token is stored: it cannot be read again.',
  })
  invitationLink: string | null = null;
}

@ObjectType('AcceptRelationshipRequestPayload', {
  description: 'Result of accepting a customer invitation or a relationship request.',
})
export class AcceptRelationshipRequestPayload extends MutationPayload {
  @Field(() => RelationshipRequest, {
    nullable: true,
    description: 'The request, now ACCEPTED; null when refused.',
  })
  relationshipRequest: RelationshipRequest | null = null;

  @Field(() => Customer, {
    nullable: true,
    description: 'Your organization, with its partners; null when refused.',
  })
  customer: Customer | null = null;

  @Field(() => [CustomerRelationship], {
    description:
      'The relationships created or widened: the reseller and its provider for an invitation (R-19), the requesting partner for a request (R-20).',
  })
  relationships: CustomerRelationship[] = [];
}

@ObjectType('CustomerRelationshipPayload', {
  description: 'Result of a mutation that changes a customer relationship.',
})
export class CustomerRelationshipPayload extends MutationPayload {
  @Field(() => CustomerRelationship, {
    nullable: true,
    description: 'The relationship as it is now (REMOVED when nothing remains); null when refused.',
  })
  relationship: CustomerRelationship | null = null;
}
