import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { timestamp } from '../db/column-types';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';
import { PartnershipState } from './partnership-state';

/**
 * A provider-reseller partnership. `liveKey` is 1 while the partnership is not REVOKED and NULL
 * after: the unique index on (provider, reseller, liveKey) allows one live partnership per pair
 * and any number of ended ones, on MySQL and SQLite alike.
 */
@ObjectType('Partnership', {
  implements: Node,
  description: 'A partnership between an indirect provider and an indirect reseller (R-10..R-14).',
})
@Entity('partnership')
@Index(['providerId', 'resellerId', 'liveKey'], { unique: true })
@Index(['resellerId', 'state'])
@Index(['providerId', 'state'])
export class Partnership extends Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('Partnership', this.id);
  }

  @ForeignKey(() => Organization)
  @Column({ type: 'int' })
  providerId: number;

  @ForeignKey(() => Organization)
  @Column({ type: 'int' })
  resellerId: number;

  @Field(() => PartnershipState, { description: 'Current state.' })
  @Column({ type: 'varchar', length: 16 })
  state: PartnershipState;

  @Column({ type: 'smallint', nullable: true })
  liveKey: number | null;

  @Field({
    description:
      "Whether the provider holds admin access to the reseller's work account (R-12); the reseller can remove it while the partnership stays.",
  })
  @Column({ type: 'boolean', default: false })
  providerAdminAccess: boolean;

  @Field({ description: 'When the provider requested the partnership.' })
  @Column(timestamp())
  invitedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the reseller accepted (R-11).' })
  @Column(timestamp({ nullable: true }))
  acceptedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the vendor last suspended it.' })
  @Column(timestamp({ nullable: true }))
  suspendedAt: Date | null;

  /**
   * The partner whose suspension (by the vendor) suspended this partnership; null when the
   * vendor suspended the partnership itself. Reinstating that partner reactivates it.
   */
  @Column({ type: 'int', nullable: true })
  suspendedByPartnerId: number | null;

  @Field(() => Date, { nullable: true, description: 'When it was ended (REVOKED).' })
  @Column(timestamp({ nullable: true }))
  endedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  endedByOrganizationId: number | null;

  @Column(timestamp())
  updatedAt: Date;
}
