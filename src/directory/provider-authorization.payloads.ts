import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsOptional,
  IsUrl,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IsText } from '../core/validators';
import { ContactInput } from '../organizations/contact.input';
import { IsCspRegionCode } from '../regions/region.validators';

const MAX_REGIONS = 20;

@InputType('ProviderProfileInput', {
  description:
    "An indirect provider's public directory profile (R-06). Omitted fields (and null for the non-nullable ones) keep their value.",
})
export class ProviderProfileInput {
  @Field(() => String, {
    nullable: true,
    description: 'What the provider offers, in its own words (1-2000 characters).',
  })
  @IsOptional()
  @IsText(2000, { multiline: true })
  summary?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Public website, an http(s) URL of at most 300 characters; null clears it.',
  })
  @IsOptional()
  @MaxLength(300)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'website must be an http(s) URL' },
  )
  website?: string | null;

  @Field(() => ContactInput, {
    nullable: true,
    description: 'Contact for resellers interested in partnering; null clears it.',
  })
  @IsOptional()
  @ValidateNested()
  contact?: ContactInput | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Provides technical training and assistance.',
  })
  offersTechnicalTraining?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Helps resellers market their products and services.',
  })
  offersMarketingHelp?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Helps resellers establish financing and credit terms.',
  })
  offersFinancing?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the profile is listed in the public provider directory.',
  })
  listed?: boolean | null;
}

@InputType('AuthorizeIndirectProviderInput', {
  description: 'The vendor authorizes an active partner as an indirect provider (R-06).',
})
export class AuthorizeIndirectProviderInput {
  @Field(() => ID, { description: 'The partner; it must be ACTIVE (PARTNER_NOT_ACTIVE).' })
  partnerId: string;

  @Field(() => [String], {
    description: 'CSP region codes (see `cspRegions`) the provider is authorized in; at least one.',
  })
  @ArrayNotEmpty({ message: 'regionCodes must name at least one CSP region' })
  @ArrayMaxSize(MAX_REGIONS)
  @ArrayUnique({ message: 'regionCodes must not repeat a region' })
  @IsCspRegionCode({ each: true })
  regionCodes: string[];

  @Field(() => ProviderProfileInput, {
    nullable: true,
    description:
      "The directory profile. Omitted fields start empty/false, the contact defaults to the partner's support contact, and the profile is listed.",
  })
  @IsOptional()
  @ValidateNested()
  profile?: ProviderProfileInput | null;
}

@InputType('UpdateIndirectProviderRegionsInput', {
  description: 'Changes to the CSP regions an indirect provider is authorized in (R-06).',
})
export class UpdateIndirectProviderRegionsInput {
  @Field(() => ID, { description: 'The indirect provider.' })
  partnerId: string;

  @Field(() => [String], {
    defaultValue: [],
    description: 'Regions to authorize the provider in; those it has already are left as they are.',
  })
  @ArrayMaxSize(MAX_REGIONS)
  @ArrayUnique({ message: 'addRegionCodes must not repeat a region' })
  @IsCspRegionCode({ each: true })
  addRegionCodes: string[];

  @Field(() => [String], {
    defaultValue: [],
    description:
      'Regions to withdraw. Refused with INVALID_STATE while the provider has live partnerships (invited, active or suspended) with resellers of that region, or when no region would remain.',
  })
  @ArrayMaxSize(MAX_REGIONS)
  @ArrayUnique({ message: 'removeRegionCodes must not repeat a region' })
  @IsCspRegionCode({ each: true })
  removeRegionCodes: string[];
}

@InputType('UpdateProviderProfileInput', {
  description:
    "The vendor's change to an indirect provider's directory profile (R-06; profile changes go through the vendor).",
})
export class UpdateProviderProfileInput {
  @Field(() => ID, { description: 'The indirect provider.' })
  partnerId: string;

  @Field(() => ProviderProfileInput, { description: 'The fields to change.' })
  @ValidateNested()
  profile: ProviderProfileInput;
}
