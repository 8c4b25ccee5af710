import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { timestamp } from '../db/column-types';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';

export enum RelationshipRequestKind {
  CUSTOMER_INVITATION = 'CUSTOMER_INVITATION',
  RELATIONSHIP_REQUEST = 'RELATIONSHIP_REQUEST',
}

export enum RelationshipRequestStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}

registerEnumType(RelationshipRequestKind, {
  name: 'RelationshipRequestKind',
  description: 'What a customer is asked to authorize.',
  valuesConfig: {
    CUSTOMER_INVITATION: {
      description:
        "A reseller's invitation: relationships with the reseller and one of its indirect providers at once (R-19).",
    },
    RELATIONSHIP_REQUEST: {
      description:
        "A partner's request to an existing customer for a reseller relationship and/or delegated admin (R-20).",
    },
  },
});

registerEnumType(RelationshipRequestStatus, {
  name: 'RelationshipRequestStatus',
  description: 'Where a relationship request stands.',
  valuesConfig: {
    PENDING: { description: 'Sent; the customer has not answered.' },
    ACCEPTED: { description: 'A customer admin accepted it.' },
    CANCELLED: { description: 'Withdrawn by the partner.' },
    EXPIRED: { description: 'Not accepted before it expired.' },
  },
});

@ObjectType('RelationshipRequest', {
  implements: Node,
  description:
    'An emailed request that a customer admin accepts to create relationships (R-19, R-20).',
})
@Entity('relationship_request')
@Index(['partnerId'])
@Index(['customerId'])
export class RelationshipRequest extends Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('RelationshipRequest', this.id);
  }

  @Field(() => RelationshipRequestKind, { description: 'What the customer is asked to authorize.' })
  @Column({ type: 'varchar', length: 32 })
  kind: RelationshipRequestKind;

  /** The partner asking (the reseller of an R-19 invitation). */
  @ForeignKey(() => Organization)
  @Column({ type: 'int' })
  partnerId: number;

  /** the indirect provider the customer authorizes together with the reseller. */
  @ForeignKey(() => Organization)
  @Column({ type: 'int', nullable: true })
  indirectProviderId: number | null;

  /** The customer asked, when it is known or once it accepted. */
  @ForeignKey(() => Organization)
  @Column({ type: 'int', nullable: true })
  customerId: number | null;

  @Field({ description: 'Where the request was emailed.' })
  @Column({ type: 'varchar', length: 254 })
  recipientEmail: string;

  @Field({ description: 'Message sent with the link.' })
  @Column({ type: 'varchar', length: 4000 })
  message: string;

  @Field({ description: 'Asks for a reseller relationship.' })
  @Column({ type: 'boolean', default: false })
  resellerRelationship: boolean;

  @Field({ description: 'Asks for delegated admin privileges.' })
  @Column({ type: 'boolean', default: false })
  delegatedAdmin: boolean;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 16 })
  storedStatus: RelationshipRequestStatus;

  @Field({ description: 'When the link stops working.' })
  @Column(timestamp())
  expiresAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a customer admin accepted it.' })
  @Column(timestamp({ nullable: true }))
  acceptedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  acceptedByUserId: number | null;

  @Field({ description: 'When it was sent.' })
  @Column(timestamp())
  createdAt: Date;

  @Column({ type: 'int', nullable: true })
  createdByUserId: number | null;

  @Field(() => RelationshipRequestStatus, {
    description: 'Where the request stands; PENDING past its expiry reads EXPIRED.',
  })
  get status(): RelationshipRequestStatus {
    if (
      this.storedStatus === RelationshipRequestStatus.PENDING &&
      this.expiresAt.getTime() <= Date.now()
    ) {
      return RelationshipRequestStatus.EXPIRED;
    }
    return this.storedStatus;
  }
}
