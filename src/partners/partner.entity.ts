import { Field, ObjectType } from 'type-graphql';
import { ChildEntity, Column, Index } from 'typeorm';
import { timestamp } from '../db/column-types';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';
import { Contact } from '../organizations/contact';
import { Organization } from '../organizations/organization.entity';
import { OrganizationType } from '../core/organization-type';
import { PartnerKind } from './partner-kind';
import { PartnerStatus } from './partner-status';

@ObjectType('Partner', {
  implements: [Node, Organization],
  description:
    'A CSP partner organization: an indirect provider (distributor), an indirect reseller or a direct-bill partner. A partner you know only through a partnership that has never been ACTIVE (invited, declined, withdrawn, expired) shows its name, MPN ID, kind, country and region; its contacts, address, tenant domain, status, dates and lists read as null or empty until the partnership is or was ACTIVE (R-30).',
  // Plain properties and getters, no field guards: graphql-js reads them directly.
  simpleResolvers: true,
})
@ChildEntity(OrganizationType.PARTNER)
export class Partner extends Organization {
  override readonly type = OrganizationType.PARTNER;

  get nodeId(): string {
    return toGlobalId('Partner', this.id);
  }

  @Field(() => PartnerKind, { description: 'Role of the partner in the channel.' })
  @Index()
  @Column({ type: 'varchar', length: 32, nullable: true })
  kind: PartnerKind;

  @Field(() => PartnerStatus, {
    nullable: true,
    description:
      'Enrollment status (R-03); null for a partner met only through a partnership that has never been ACTIVE (R-30).',
  })
  @Column({ type: 'varchar', length: 32, nullable: true })
  status: PartnerStatus;

  @Field({ description: 'Microsoft Partner Network ID, unique per partner (R-01).' })
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 20, nullable: true })
  mpnId: string;

  @Field(() => Contact, { description: 'Primary contact of the enrollment (R-01, R-02).' })
  @Column(() => Contact)
  primaryContact: Contact;

  @Field(() => Contact, { description: 'Customer-support contact (R-01).' })
  @Column(() => Contact)
  supportContact: Contact;

  @Field(() => Date, {
    nullable: true,
    description: 'When the primary contact verified the email address (R-03).',
  })
  @Column(timestamp({ nullable: true }))
  emailVerifiedAt: Date | null;

  /** SHA-256 of the single-use email verification token; cleared once used. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  emailVerificationTokenHash: string | null;

  @Column(timestamp({ nullable: true }))
  emailVerificationExpiresAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When a vendor operator approved or rejected the enrollment.',
  })
  @Column(timestamp({ nullable: true }))
  reviewedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The vendor operator's note on the review decision (R-03); always given with a rejection.",
  })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reviewNote: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When a GLOBAL_ADMIN accepted the partner agreement; null until then (R-04).',
  })
  @Column(timestamp({ nullable: true }))
  agreementAcceptedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  agreementAcceptedByUserId: number | null;

  /** whether the partner may transact (relationships, customers, orders). */
  get canTransact(): boolean {
    return this.status === PartnerStatus.ACTIVE && this.agreementAcceptedAt != null;
  }
}
