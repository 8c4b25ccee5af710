import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { timestamp } from '../db/column-types';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';

export enum CustomerRelationshipStatus {
  ACTIVE = 'ACTIVE',
  REMOVED = 'REMOVED',
}

export enum RelationshipOrigin {
  ADDED_BY_PARTNER = 'ADDED_BY_PARTNER',
  DESIGNATED_RESELLER = 'DESIGNATED_RESELLER',
  CUSTOMER_INVITATION = 'CUSTOMER_INVITATION',
  RELATIONSHIP_REQUEST = 'RELATIONSHIP_REQUEST',
  MULTI_CHANNEL = 'MULTI_CHANNEL',
}

registerEnumType(CustomerRelationshipStatus, {
  name: 'CustomerRelationshipStatus',
  description: 'Whether a customer-partner relationship is in force.',
  valuesConfig: {
    ACTIVE: { description: 'In force.' },
    REMOVED: { description: 'Removed by the customer or the partner; kept as history.' },
  },
});

registerEnumType(RelationshipOrigin, {
  name: 'RelationshipOrigin',
  description: 'How a customer-partner relationship came about.',
  valuesConfig: {
    ADDED_BY_PARTNER: { description: 'The partner added the customer (R-15).' },
    DESIGNATED_RESELLER: {
      description: 'The provider designated this reseller to manage the customer (R-15).',
    },
    CUSTOMER_INVITATION: { description: "The customer accepted a reseller's invitation (R-19)." },
    RELATIONSHIP_REQUEST: {
      description: "The customer accepted a partner's relationship request (R-20).",
    },
    MULTI_CHANNEL: {
      description: 'The customer hired the partner for a subscription bought elsewhere (R-28).',
    },
  },
});

/**
 * What a partner may do for a customer. `liveKey` is 1 while ACTIVE and NULL once REMOVED, so the
 * unique index keeps one live relationship per customer and partner.
 */
@ObjectType('CustomerRelationship', {
  implements: Node,
  description:
    'A relationship between a customer and one of its partners (R-15, R-19, R-20): a reseller relationship and/or delegated admin privileges.',
})
@Entity('customer_relationship')
@Index(['customerId', 'partnerId', 'liveKey'], { unique: true })
@Index(['partnerId', 'status'])
export class CustomerRelationship extends Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('CustomerRelationship', this.id);
  }

  @ForeignKey(() => Organization)
  @Column({ type: 'int' })
  customerId: number;

  @ForeignKey(() => Organization)
  @Column({ type: 'int' })
  partnerId: number;

  @Field(() => CustomerRelationshipStatus, { description: 'Whether the relationship is in force.' })
  @Column({ type: 'varchar', length: 16 })
  status: CustomerRelationshipStatus;

  @Column({ type: 'smallint', nullable: true })
  liveKey: number | null;

  @Field({
    description:
      'Reseller relationship: the partner sells to the customer; a transacting partner needs it to place orders (R-24).',
  })
  @Column({ type: 'boolean', default: false })
  resellerRelationship: boolean;

  @Field({
    description:
      "Delegated admin privileges: the partner administers the customer's account and subscriptions.",
  })
  @Column({ type: 'boolean', default: false })
  delegatedAdmin: boolean;

  @Field(() => RelationshipOrigin, { description: 'How the relationship came about.' })
  @Column({ type: 'varchar', length: 32 })
  origin: RelationshipOrigin;

  @Field({ description: 'When the relationship started.' })
  @Column(timestamp())
  createdAt: Date;

  @Column(timestamp())
  updatedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was removed.' })
  @Column(timestamp({ nullable: true }))
  removedAt: Date | null;
}
