import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../db/column-types';
import { User } from './user.entity';

/**
 * A person's account at an OpenID Connect provider, linked to one user (SPEC section 1): a
 * token of that issuer with that subject acts as the user. One identity names one user
 * (unique issuer and subject) and a user has at most one identity per issuer.
 */
@ObjectType('ExternalIdentity', {
  description: "A person's account at an OpenID Connect provider, linked to a user.",
})
@Entity('external_identity')
@Index(['issuer', 'subject'], { unique: true })
@Index(['userId', 'issuer'], { unique: true })
export class ExternalIdentity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @ForeignKey(() => User)
  @Column({ type: 'int' })
  userId: number;

  @Field({ description: 'The provider: the `iss` of its tokens.' })
  @Column({ type: 'varchar', length: 255 })
  issuer: string;

  @Field({
    description: "The person's stable identifier at that provider: the `sub` of its tokens.",
  })
  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Field({ description: 'When the identity was linked.' })
  @Column(timestamp())
  linkedAt: Date;

  /** Who linked it: an administrator, or the user by redeeming a link (null: the user). */
  @Column({ type: 'int', nullable: true })
  linkedByUserId: number | null;
}
