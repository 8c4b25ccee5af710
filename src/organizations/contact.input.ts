import { IsEmail, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsInternationalPhone, IsText } from '../core/validators';

@InputType('ContactInput', { description: 'A person or desk to contact.' })
export class ContactInput {
  @Field({ description: 'Full name of the person, or the name of the desk (1-200 characters).' })
  @IsText(200)
  name: string;

  @Field({ description: 'Email address (at most 254 characters).' })
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @Field({
    description:
      'Phone number in international format: `+` and 7 to 15 digits, optionally grouped with spaces, dots, hyphens or parentheses, e.g. `+49 89 555 0100`.',
  })
  @IsInternationalPhone()
  phone: string;
}
