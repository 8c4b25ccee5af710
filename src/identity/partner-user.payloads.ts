import { ArrayMaxSize, ArrayNotEmpty, IsEmail, IsIn, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { MutationPayload } from '../core/payload';
import { IsText } from '../core/validators';
import { PARTNER_ROLES, Role } from '../core/role';
import { User } from './user.entity';

const partnerRolesOnly = {
  each: true,
  message: `roles must be partner roles (${PARTNER_ROLES.join(', ')})`,
};

@ObjectType('UserPayload', { description: 'Result of a mutation that changes a user.' })
export class UserPayload extends MutationPayload {
  @Field(() => User, { nullable: true, description: 'The user as it is now; null when refused.' })
  user: User | null = null;
}

@InputType('CreatePartnerUserInput', {
  description: 'A new user of your partner organization (R-05).',
})
export class CreatePartnerUserInput {
  @Field({
    description:
      'Sign-in name and email address (at most 254 characters), unique across the system: ALREADY_EXISTS.',
  })
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @Field({ description: 'Name shown in the portal (1-200 characters).' })
  @IsText(200)
  displayName: string;

  @Field(() => [Role], {
    description:
      'Partner roles (GLOBAL_ADMIN, ADMIN_AGENT, SALES_AGENT, HELPDESK_AGENT, BILLING_ADMIN), at least one; VENDOR_ADMIN and CUSTOMER_ADMIN are BAD_USER_INPUT. Only a GLOBAL_ADMIN may grant GLOBAL_ADMIN (FORBIDDEN).',
  })
  @ArrayNotEmpty({ message: 'roles must name at least one role' })
  @ArrayMaxSize(PARTNER_ROLES.length)
  @IsIn(PARTNER_ROLES, partnerRolesOnly)
  roles: Role[];
}

@InputType('UpdatePartnerUserRolesInput', {
  description: 'New roles for a user of your partner organization (R-05).',
})
export class UpdatePartnerUserRolesInput {
  @Field(() => ID, { description: 'The user; a user of another organization is NOT_FOUND.' })
  userId: string;

  @Field(() => [Role], {
    description:
      'The complete new set of partner roles, at least one. Only a GLOBAL_ADMIN may grant or remove GLOBAL_ADMIN (FORBIDDEN); removing it from the last active GLOBAL_ADMIN is INVALID_STATE.',
  })
  @ArrayNotEmpty({ message: 'roles must name at least one role' })
  @ArrayMaxSize(PARTNER_ROLES.length)
  @IsIn(PARTNER_ROLES, partnerRolesOnly)
  roles: Role[];
}

@InputType('DisablePartnerUserInput', {
  description: 'A user of your partner organization to disable (R-05).',
})
export class DisablePartnerUserInput {
  @Field(() => ID, { description: 'The user; a user of another organization is NOT_FOUND.' })
  userId: string;
}

@InputType('EnablePartnerUserInput', {
  description: 'A disabled user of your partner organization to enable again (R-05).',
})
export class EnablePartnerUserInput {
  @Field(() => ID, { description: 'The user; a user of another organization is NOT_FOUND.' })
  userId: string;
}
