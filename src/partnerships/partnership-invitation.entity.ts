import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Partnership } from './partnership.entity';
import { timestamp } from '../db/column-types';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';

/** The emailed request behind an INVITED partnership; only the hash of its token is kept. */
@ObjectType('PartnershipInvitation', {
  implements: Node,
  description:
    'The partnership request a provider emailed to a reseller (R-10): a personal, single-use link that expires after 30 days.',
})
@Entity('partnership_invitation')
@Index(['partnershipId'])
export class PartnershipInvitation extends Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('PartnershipInvitation', this.id);
  }

  @ForeignKey(() => Partnership)
  @Column({ type: 'int' })
  partnershipId: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Where the request was emailed. Null for the provider when it went to the reseller's primary contact and the partnership has never been ACTIVE (R-30: contacts appear once it is or was).",
  })
  @Column({ type: 'varchar', length: 254 })
  recipientEmail: string;

  @Field({ description: 'The (editable) message sent with the link.' })
  @Column({ type: 'varchar', length: 4000 })
  message: string;

  @Field({ description: 'When the link stops working.' })
  @Column(timestamp())
  expiresAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the link was used; a link works once.' })
  @Column(timestamp({ nullable: true }))
  usedAt: Date | null;

  @Field({ description: 'When the request was sent.' })
  @Column(timestamp())
  createdAt: Date;

  @Column({ type: 'int', nullable: true })
  createdByUserId: number | null;
}
