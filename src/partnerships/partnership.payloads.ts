import { Equals, IsEmail, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { MultiLineText } from '../core/validators';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { MutationPayload } from '../core/payload';
import { Partner } from '../partners/partner.entity';
import { PartnershipInvitation } from './partnership-invitation.entity';
import { Partnership } from './partnership.entity';

/** Partner (MPN) IDs are numeric. */
export const MPN_ID_PATTERN = /^[0-9]{6,10}$/;
/** Tokens are URL-safe base64 (the demo's is readable words with hyphens). */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
/** Not only blanks. */
const SOME_TEXT = /\S/;

@InputType('RequestPartnershipInput', {
  description:
    'A partnership request from an indirect provider to an indirect reseller (R-10). The reseller is named by its partner ID, since a provider cannot look up resellers it has no partnership with (R-30).',
})
export class RequestPartnershipInput {
  @Field({
    description:
      "The reseller's partner (MPN) ID, 6 to 10 digits. Anything but an enrolled, active indirect reseller is refused with NOT_AN_INDIRECT_RESELLER (R-14).",
  })
  @Matches(MPN_ID_PATTERN, { message: 'must be a partner (MPN) ID of 6 to 10 digits' })
  resellerMpnId: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Where to email the request; defaults to the reseller's primary contact. The link works only for the reseller's admins, whoever receives it.",
  })
  @IsOptional()
  @MaxLength(254)
  @IsEmail({}, { message: 'must be an email address' })
  recipientEmail?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Your message to the reseller, at most 2000 characters; a default text when omitted. The personal link is always appended after it.',
  })
  @IsOptional()
  @Length(1, 2000, { message: 'must be 1 to 2000 characters long' })
  @Matches(SOME_TEXT, { message: 'must not be blank' })
  @MultiLineText()
  message?: string | null;
}

@InputType('AcceptPartnershipInvitationInput', {
  description:
    'Acceptance of a partnership request by the invited reseller (R-11): the "Authorize indirect provider" step.',
})
export class AcceptPartnershipInvitationInput {
  @Field({
    description:
      'The token of the personal link (`token=` in the emailed URL). Expired, used, unknown or foreign tokens: INVITATION_INVALID.',
  })
  @Matches(TOKEN_PATTERN, { message: 'is not an invitation token' })
  token: string;

  @Field({
    description:
      'Must be true: you authorize the provider to submit orders and add subscriptions for your customers, and grant it admin access to your work account (R-12).',
  })
  @Equals(true, { message: 'consent must be true to authorize the indirect provider' })
  consent: boolean;
}

@InputType('RemoveProviderAdminAccessInput', {
  description: "The reseller's removal of its provider's admin access (R-12).",
})
export class RemoveProviderAdminAccessInput {
  @Field(() => ID, {
    description: 'ID of the ACTIVE or SUSPENDED partnership; you must be its reseller.',
  })
  partnershipId: string;
}

@InputType('EndPartnershipInput', {
  description: 'The end of a partnership by either side (R-13).',
})
export class EndPartnershipInput {
  @Field(() => ID, {
    description:
      'ID of the INVITED, ACTIVE or SUSPENDED partnership; you must be one of its sides.',
  })
  partnershipId: string;
}

@InputType('ReactivatePartnershipInput', {
  description: 'The end of a vendor suspension of one partnership (R-10).',
})
export class ReactivatePartnershipInput {
  @Field(() => ID, { description: 'ID of the SUSPENDED partnership to reactivate.' })
  partnershipId: string;
}

@InputType('SuspendPartnershipInput', {
  description: 'A vendor suspension of one partnership (R-10).',
})
export class SuspendPartnershipInput {
  @Field(() => ID, { description: 'ID of the ACTIVE partnership to suspend.' })
  partnershipId: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why, for the audit log (R-31); at most 500 characters.',
  })
  @IsOptional()
  @MaxLength(500)
  @MultiLineText()
  reason?: string | null;
}

@InputType('SuspendPartnerInput', {
  description: 'A vendor suspension of a partner and all its active partnerships (R-10).',
})
export class SuspendPartnerInput {
  @Field(() => ID, { description: 'ID of the ACTIVE partner to suspend.' })
  partnerId: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why, for the audit log (R-31); at most 500 characters.',
  })
  @IsOptional()
  @MaxLength(500)
  @MultiLineText()
  reason?: string | null;
}

@InputType('ReinstatePartnerInput', {
  description: 'The end of a vendor suspension of a partner.',
})
export class ReinstatePartnerInput {
  @Field(() => ID, { description: 'ID of the SUSPENDED partner to reinstate.' })
  partnerId: string;
}

@ObjectType('PartnershipPayload', {
  description: 'Result of a mutation that changes a partnership.',
})
export class PartnershipPayload extends MutationPayload {
  @Field(() => Partnership, {
    nullable: true,
    description: 'The partnership as it is now; null when refused.',
  })
  partnership: Partnership | null = null;
}

@ObjectType('RequestPartnershipPayload', {
  description: 'Result of `requestPartnership`.',
})
export class RequestPartnershipPayload extends MutationPayload {
  @Field(() => Partnership, {
    nullable: true,
    description: 'The INVITED partnership; null when refused.',
  })
  partnership: Partnership | null = null;

  @Field(() => PartnershipInvitation, {
    nullable: true,
    description: 'The request that was emailed; null when refused.',
  })
  invitation: PartnershipInvitation | null = null;

  @Field(() => String, {
    nullable: true,
    description:
      'The personal single-use link, shown this once (it is also in the email). Only a hash of its token is stored: it cannot be read again.',
  })
  invitationLink: string | null = null;
}

@ObjectType('PartnerSuspensionPayload', {
  description: 'Result of `suspendPartner` and `reinstatePartner`.',
})
export class PartnerSuspensionPayload extends MutationPayload {
  @Field(() => Partner, {
    nullable: true,
    description: 'The partner as it is now; null when refused.',
  })
  partner: Partner | null = null;

  @Field(() => [Partnership], {
    description:
      "The partnerships whose state changed with the partner's (SUSPENDED, or ACTIVE again).",
  })
  partnerships: Partnership[] = [];
}
