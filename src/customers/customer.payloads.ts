import {
  ArrayMaxSize,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsInternationalPhone } from '../core/validators';
import { regionCatalog } from '../regions/region-catalog';

/** Has at least one letter or digit: a name, not just spaces or punctuation. */
const MEANINGFUL = /[\p{L}\p{N}]/u;
export const MAX_FIRST_SUBSCRIPTIONS = 20;

@InputType('CustomerAddressInput', { description: "The customer's company address." })
export class CustomerAddressInput {
  @Field({ description: 'Street and number, at most 200 characters.' })
  @Matches(MEANINGFUL, { message: 'line1 must not be blank' })
  @MaxLength(200)
  line1: string;

  @Field(() => String, { nullable: true, description: 'Second line, at most 200 characters.' })
  @IsOptional()
  @MaxLength(200)
  line2?: string | null;

  @Field({ description: 'City or locality, at most 100 characters.' })
  @Matches(MEANINGFUL, { message: 'city must not be blank' })
  @MaxLength(100)
  city: string;

  @Field(() => String, {
    nullable: true,
    description: 'State, province or county, at most 100 characters.',
  })
  @IsOptional()
  @MaxLength(100)
  region?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Postal or ZIP code, at most 20 characters.',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]{0,19}$/, {
    message: 'postalCode must be letters, digits, spaces or hyphens (at most 20)',
  })
  postalCode?: string | null;
}

@InputType('CustomerContactInput', {
  description: "The customer's company contact: the person the partner deals with.",
})
export class CustomerContactInput {
  @Field({ description: 'Full name, at most 200 characters.' })
  @Matches(MEANINGFUL, { message: 'name must not be blank' })
  @MaxLength(200)
  name: string;

  @Field({ description: 'Email address.' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Phone number in international format: `+`, then 7 to 15 digits, e.g. `+1 206 555 0100`.',
  })
  @IsOptional()
  @IsInternationalPhone()
  phone?: string | null;
}

@InputType('NewCustomerSubscriptionInput', {
  description:
    "One of a new customer's first subscriptions (R-16), ordered by the adding partner, which bills it. R-23, R-25 and R-26 apply as for any order.",
})
export class NewCustomerSubscriptionInput {
  @Field(() => ID, { description: 'The offer to subscribe to (R-23).' })
  offerId: string;

  @Field(() => Int, {
    description: "Number of license units, within the offer's bounds (R-23: INVALID_QUANTITY).",
  })
  @IsInt()
  quantity: number;

  @Field(() => ID, {
    nullable: true,
    description:
      'An indirect reseller credited as partner of record (R-25: RESELLER_NOT_ASSOCIATED unless it is active, partnered with you and related to the customer, e.g. as the designated reseller).',
  })
  partnerOfRecordId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "An indirect reseller designated as the subscription's support contact (R-26).",
  })
  supportContactId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A name for the subscription, at most 200 characters.',
  })
  @IsOptional()
  @MaxLength(200)
  friendlyName?: string | null;
}

@InputType('AddCustomerInput', {
  description:
    'A new customer tenant (R-15..R-18) and, optionally, its designated indirect reseller and first subscriptions.',
})
export class AddCustomerInput {
  @Field({
    description:
      'Company name, at most 200 characters. R-18: the legal name of a registered partner is refused (PARTNER_CANNOT_BE_CUSTOMER).',
  })
  @Matches(MEANINGFUL, { message: 'companyName must contain a letter or digit' })
  @MaxLength(200)
  companyName: string;

  @Field({
    description:
      "ISO 3166-1 alpha-2 code of the customer's country; it must belong to a CSP region, and the region must be one you sell in (R-09: CUSTOMER_OUT_OF_REGION).",
  })
  @IsIn(regionCatalog.countries.map((c) => c.code), {
    message: 'countryCode must be the ISO code of a country in a CSP region, e.g. US',
  })
  countryCode: string;

  @Field({
    description:
      'Prefix of the tenant domain `<prefix>.onmicrosoft.com`: 3 to 27 letters or digits, stored in lower case. Taken: ALREADY_EXISTS; a partner tenant: PARTNER_CANNOT_BE_CUSTOMER (R-18).',
  })
  @Matches(/^[A-Za-z0-9]{3,27}$/, {
    message: 'tenantDomainPrefix must be 3 to 27 letters or digits',
  })
  tenantDomainPrefix: string;

  @Field(() => CustomerAddressInput, { description: 'Company address.' })
  @ValidateNested()
  address: CustomerAddressInput;

  @Field(() => CustomerContactInput, { description: 'Company contact.' })
  @ValidateNested()
  companyContact: CustomerContactInput;

  @Field({
    defaultValue: 'en-US',
    description: 'Language and culture of the tenant (`ll-CC`, e.g. `en-US`, `de-DE`).',
  })
  @Matches(/^[a-z]{2,3}-[A-Z]{2}$/, { message: 'culture must look like en-US' })
  culture: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'R-15: an indirect reseller to manage the customer. It needs an ACTIVE partnership with you (else RESELLER_NOT_PARTNERED) and must sell in the customer region (R-09); it gets an ACTIVE relationship with delegated admin.',
  })
  indirectResellerId?: string | null;

  @Field(() => [NewCustomerSubscriptionInput], {
    nullable: true,
    description: `R-16: first subscriptions (at most ${MAX_FIRST_SUBSCRIPTIONS}), created in the same all-or-nothing operation: if any line is refused, no customer, relationship, user, order or subscription is created.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_FIRST_SUBSCRIPTIONS)
  @ValidateNested({ each: true })
  subscriptions?: NewCustomerSubscriptionInput[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A client-chosen UUID: retrying with the same key returns the first result (without the password, R-17) and creates nothing new; the same key with a different input is refused with IDEMPOTENCY_KEY_REUSED (R-29).',
  })
  @IsOptional()
  @IsUUID('all', { message: 'idempotencyKey must be a UUID' })
  idempotencyKey?: string | null;
}

@ObjectType('CustomerAdminCredentials', {
  description:
    "R-17: the new customer's admin sign-in, shown once in the addCustomer response. Only a hash of the password is stored; no query returns it and a replayed request does not return it again.",
  simpleResolvers: true,
})
export class CustomerAdminCredentials {
  @Field({ description: 'User name of the customer admin: `admin@<tenant domain>`.' })
  userName: string;

  @Field({
    description:
      'Temporary password; the admin must change it at first sign-in. Hand it to the customer now: it cannot be read again.',
  })
  temporaryPassword: string;
}
