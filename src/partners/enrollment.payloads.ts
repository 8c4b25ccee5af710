import { IsEmail, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { IsText } from '../core/validators';
import { ContactInput } from '../organizations/contact.input';
import { PostalAddressInput } from '../organizations/postal-address.input';
import { IsCspCountryCode } from '../regions/region.validators';

/** Microsoft Partner Network IDs are numeric. */
export const MPN_ID_PATTERN = /^[0-9]{6,10}$/;

/** The part before `.onmicrosoft.com`: letters and digits only, 3 to 27 characters. */
export const TENANT_PREFIX_PATTERN = /^[A-Za-z0-9]{3,27}$/;

@InputType('EnrollingAdministratorInput', {
  description:
    "The person enrolling: the partner's first user, with the GLOBAL_ADMIN and ADMIN_AGENT roles (R-01, R-05).",
})
export class EnrollingAdministratorInput {
  @Field({ description: 'Name shown in the portal (1-200 characters).' })
  @IsText(200)
  displayName: string;

  @Field({
    description:
      "Sign-in name and email address (at most 254 characters). An address that already signs in is not refused (the answer must not tell who is registered): the enrollment goes through without an administrator account, and the address's owner is told by email.",
  })
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;
}

@InputType('EnrollPartnerInput', {
  description:
    'A new partner enrollment (R-01). Every new partner enrolls as INDIRECT_RESELLER; malformed fields are BAD_USER_INPUT naming the field.',
})
export class EnrollPartnerInput {
  @Field({ description: 'Legal business name (1-200 characters).' })
  @IsText(200)
  legalBusinessName: string;

  @Field(() => PostalAddressInput, { description: 'Legal address of the company.' })
  @ValidateNested()
  address: PostalAddressInput;

  @Field({
    description:
      'Legal country, ISO 3166-1 alpha-2 (e.g. `DE`). It decides the CSP region (R-07); a country outside the program is BAD_USER_INPUT.',
  })
  @IsCspCountryCode()
  countryCode: string;

  @Field({
    description:
      'Microsoft Partner Network ID: 6 to 10 digits, unique per partner (R-01): ALREADY_EXISTS.',
  })
  @Matches(MPN_ID_PATTERN, {
    message: 'mpnId must be a Microsoft Partner Network ID: 6 to 10 digits',
  })
  mpnId: string;

  @Field({
    description:
      'Prefix of the work account (tenant) domain `<prefix>.onmicrosoft.com`: letters and digits, 3 to 27 characters, case-insensitive, unique across partners and customers: ALREADY_EXISTS.',
  })
  @Matches(TENANT_PREFIX_PATTERN, {
    message:
      'tenantDomainPrefix must be 3 to 27 letters and digits (the part before .onmicrosoft.com)',
  })
  tenantDomainPrefix: string;

  @Field(() => ContactInput, {
    description:
      'Primary contact: the person the vendor contacts about the enrollment. The email must be at the company, not a web-mail service (R-02: WEBMAIL_NOT_ALLOWED); the verification link is sent there (R-03).',
  })
  @ValidateNested()
  primaryContact: ContactInput;

  @Field(() => ContactInput, { description: 'Customer-support contact (R-01).' })
  @ValidateNested()
  supportContact: ContactInput;

  @Field(() => EnrollingAdministratorInput, {
    description: 'The enrolling administrator, who becomes the first user.',
  })
  @ValidateNested()
  administrator: EnrollingAdministratorInput;
}

@InputType('VerifyPartnerEmailInput', {
  description: "The primary contact's email verification (R-03).",
})
export class VerifyPartnerEmailInput {
  @Field({ description: 'The single-use token from the verification email.' })
  @Length(1, 200)
  token: string;
}

@InputType('ResendPartnerEmailVerificationInput', {
  description:
    "A new email verification link for your partner's primary contact (R-03), e.g. after the first one expired.",
})
export class ResendPartnerEmailVerificationInput {
  @Field(() => String, {
    nullable: true,
    description:
      'A corrected primary contact email, when the first was mistyped; checked by R-02 like at enrollment. Omit to resend to the current address.',
  })
  @IsOptional()
  @MaxLength(254)
  @IsEmail({}, { message: 'primaryContactEmail must be an email address' })
  primaryContactEmail?: string | null;
}

export enum EnrollmentDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}

registerEnumType(EnrollmentDecision, {
  name: 'EnrollmentDecision',
  description: "A vendor operator's decision on an enrollment under review (R-03).",
  valuesConfig: {
    APPROVE: { description: 'The partner becomes ACTIVE.' },
    REJECT: { description: 'The partner becomes REJECTED; a note saying why is required.' },
  },
});

@InputType('ReviewPartnerEnrollmentInput', {
  description: "A vendor operator's review of an enrollment in PENDING_REVIEW (R-03).",
})
export class ReviewPartnerEnrollmentInput {
  @Field(() => ID, { description: 'The partner under review.' })
  partnerId: string;

  @Field(() => EnrollmentDecision, { description: 'Approve or reject.' })
  decision: EnrollmentDecision;

  @Field(() => String, {
    nullable: true,
    description:
      'Note to the partner, sent to its primary contact (at most 500 characters); required when rejecting.',
  })
  @IsOptional()
  @IsText(500, { multiline: true })
  note?: string | null;
}
