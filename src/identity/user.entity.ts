import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { timestamp } from '../db/column-types';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';
import { Role } from '../core/role';

export enum UserStatus {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}

registerEnumType(UserStatus, {
  name: 'UserStatus',
  description: 'Whether the user may sign in.',
  valuesConfig: {
    ACTIVE: { description: 'The user may sign in.' },
    DISABLED: { description: 'The user was removed by an administrator and may not sign in.' },
  },
});

/** Roles are stored as a comma-separated list: a handful per user, always read together. */
const rolesTransformer = {
  to: (roles: Role[] | undefined) => (roles ? [...roles].sort().join(',') : roles),
  from: (raw: string | null) => (raw ? (raw.split(',') as Role[]) : []),
};

@ObjectType('User', {
  implements: Node,
  description: 'A person who signs in; belongs to exactly one organization.',
})
@Entity('app_user')
export class User extends Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('User', this.id);
  }

  @ForeignKey(() => Organization)
  @Index()
  @Column({ type: 'int' })
  organizationId: number;

  @Field({ description: 'Sign-in name and email address, unique across the system.' })
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Field({ description: 'Name shown in the portal.' })
  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  @Field(() => [Role], { description: 'Roles held in the organization.' })
  @Column({ type: 'varchar', length: 200, transformer: rolesTransformer })
  roles: Role[];

  @Field(() => UserStatus, { description: 'Whether the user may sign in.' })
  @Column({ type: 'varchar', length: 16 })
  status: UserStatus;

  /** scrypt hash of a temporary password; never readable through the API. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  passwordHash: string | null;

  @Field({ description: 'Whether the user must replace a temporary password at the next sign-in.' })
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Field({ description: 'When the user was created.' })
  @Column(timestamp())
  createdAt: Date;

  @Column(timestamp())
  updatedAt: Date;
}
