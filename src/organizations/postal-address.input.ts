import { IsOptional } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsText } from '../core/validators';

@InputType('PostalAddressInput', { description: 'A postal address.' })
export class PostalAddressInput {
  @Field({ description: 'First address line, street and number (1-200 characters).' })
  @IsText(200)
  line1: string;

  @Field(() => String, { nullable: true, description: 'Second address line (at most 200).' })
  @IsOptional()
  @IsText(200)
  line2?: string | null;

  @Field({ description: 'City or locality (1-100 characters).' })
  @IsText(100)
  city: string;

  @Field(() => String, {
    nullable: true,
    description: 'State, province or county (at most 100 characters).',
  })
  @IsOptional()
  @IsText(100)
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal or ZIP code (at most 20).' })
  @IsOptional()
  @IsText(20)
  postalCode?: string | null;
}
