import { Field, ObjectType } from 'type-graphql';
import { UserError } from './user-error';

/** Every mutation payload: the changed objects (null when refused) and the business errors. */
@ObjectType()
export abstract class MutationPayload {
  @Field(() => [UserError], {
    description:
      'Business-rule failures (R-32). Empty on success; when not empty nothing was changed.',
  })
  userErrors: UserError[] = [];
}
