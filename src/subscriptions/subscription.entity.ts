import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { Offer } from '../catalog/offer.entity';
import { Order } from './order.entity';
import { timestamp } from '../db/column-types';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';
import { SubscriptionChannel, SubscriptionStatus, SuspensionReason } from './subscription-enums';

@ObjectType('Subscription', {
  implements: Node,
  description:
    "A customer's subscription to an offer (R-23..R-28), billed by its transacting partner, optionally with a reseller as partner of record and a support contact.",
  // Plain properties and getters, no field guards: graphql-js reads them directly.
  simpleResolvers: true,
})
@Entity('subscription')
@Index(['customerId', 'status'])
@Index(['billingPartnerId', 'status'])
@Index(['partnerOfRecordId'])
@Index(['supportContactId'])
@Index(['servicePartnerId'])
@Index(['offerId'])
@Index(['orderId'])
export class Subscription extends Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('Subscription', this.id);
  }

  @ForeignKey(() => Organization)
  @Column({ type: 'int' })
  customerId: number;

  @ForeignKey(() => Offer)
  @Column({ type: 'int' })
  offerId: number;

  @ForeignKey(() => Order)
  @Column({ type: 'int', nullable: true })
  orderId: number | null;

  @Field(() => SubscriptionChannel, { description: 'Where the subscription was bought.' })
  @Column({ type: 'varchar', length: 16 })
  channel: SubscriptionChannel;

  /** The transacting partner (provider or direct-bill) that bills it; null when bought elsewhere. */
  @ForeignKey(() => Organization)
  @Column({ type: 'int', nullable: true })
  billingPartnerId: number | null;

  /** the reseller credited as partner of record. */
  @ForeignKey(() => Organization)
  @Column({ type: 'int', nullable: true })
  partnerOfRecordId: number | null;

  /** the reseller designated as support contact. */
  @ForeignKey(() => Organization)
  @Column({ type: 'int', nullable: true })
  supportContactId: number | null;

  /** the partner hired to provision and support a subscription bought elsewhere. */
  @ForeignKey(() => Organization)
  @Column({ type: 'int', nullable: true })
  servicePartnerId: number | null;

  @Field({ nullable: true, description: 'Name the customer or partner gave the subscription.' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  friendlyName: string;

  @Field(() => Int, { description: 'Number of license units (R-23 bounds apply).' })
  @Column({ type: 'int' })
  quantity: number;

  @Field(() => SubscriptionStatus, { description: 'Lifecycle status (R-27).' })
  @Column({ type: 'varchar', length: 16 })
  status: SubscriptionStatus;

  @Field(() => SuspensionReason, {
    nullable: true,
    description: 'Why it is suspended; null unless SUSPENDED.',
  })
  @Column({ type: 'varchar', length: 32, nullable: true })
  suspensionReason: SuspensionReason | null;

  @Field(() => Int, {
    description:
      'Version for optimistic concurrency: pass it back with changes; a stale one is refused with CONFLICT (R-27).',
  })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field({ description: 'When the subscription started.' })
  @Column(timestamp())
  startedAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the current term ends; null for usage-based offers.',
  })
  @Column(timestamp({ nullable: true }))
  termEndsAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was cancelled.' })
  @Column(timestamp({ nullable: true }))
  cancelledAt: Date | null;

  @Field({ description: 'When it was created.' })
  @Column(timestamp())
  createdAt: Date;

  @Field({ description: 'When it last changed.' })
  @Column(timestamp())
  updatedAt: Date;
}
