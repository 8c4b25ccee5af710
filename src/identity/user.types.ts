import { Field, ObjectType } from 'type-graphql';
import { connectionTypes } from '../core/connection';
import { Role } from '../core/role';
import { User } from './user.entity';

export const { Connection: UserConnection } = connectionTypes('User', User, 'A page of users.');

@ObjectType('Viewer', {
  description: 'The caller: the signed-in user, its organization and roles.',
})
export class ViewerInfo {
  userId: number;
  organizationId: number;

  @Field(() => [Role], { description: 'Roles carried by the token.' })
  roles: Role[];
}
