import { IsUrl, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { MutationPayload } from '../core/payload';
import { IsText } from '../core/validators';
import { ExternalIdentity } from './external-identity.entity';
import { User } from './user.entity';

@ObjectType('ExternalIdentityPayload', {
  description: 'Result of linking a sign-in identity.',
})
export class ExternalIdentityPayload extends MutationPayload {
  @Field(() => User, { nullable: true, description: 'The user; null when refused.' })
  user: User | null = null;

  @Field(() => ExternalIdentity, {
    nullable: true,
    description: 'The identity linked; null when refused.',
  })
  externalIdentity: ExternalIdentity | null = null;
}

@InputType('LinkExternalIdentityInput', {
  description:
    "A person's account at an OpenID Connect provider, entered by an administrator of the user's organization.",
})
export class LinkExternalIdentityInput {
  @Field(() => ID, { description: 'The user; a user of another organization is NOT_FOUND.' })
  userId: string;

  @Field({
    description:
      'The provider: exactly the `iss` of its tokens (an http(s) URL, at most 255 characters).',
  })
  @MaxLength(255)
  @IsUrl(
    { require_protocol: true, protocols: ['https', 'http'], require_tld: false },
    { message: 'issuer must be an http(s) URL' },
  )
  issuer: string;

  @Field({
    description:
      "The person's identifier at the provider: exactly the `sub` of its tokens (1-255 characters). Never an email address taken from a token.",
  })
  @IsText(255)
  subject: string;
}

@ObjectType('IdentityLinkPayload', {
  description: 'Result of sending a user a single-use link to link a sign-in identity.',
})
export class IdentityLinkPayload extends MutationPayload {
  @Field(() => User, { nullable: true, description: 'The user emailed; null when refused.' })
  user: User | null = null;

  @Field(() => Date, { nullable: true, description: 'When the link stops working.' })
  expiresAt: Date | null = null;
}

@InputType('SendIdentityLinkInput', {
  description: 'A user of your organization to email a single-use identity link to.',
})
export class SendIdentityLinkInput {
  @Field(() => ID, { description: 'The user; a user of another organization is NOT_FOUND.' })
  userId: string;
}

@InputType('RedeemIdentityLinkInput', {
  description: 'The emailed link and the proof of who is signing in.',
})
export class RedeemIdentityLinkInput {
  @Field({ description: 'The token of the emailed link.' })
  @MaxLength(200)
  token: string;

  @Field({
    description:
      'An access token of the configured OpenID Connect provider for the person redeeming the link (its issuer and subject are linked; nothing else of it is used). Not valid: UNAUTHENTICATED.',
  })
  @MaxLength(20_000)
  accessToken: string;
}
