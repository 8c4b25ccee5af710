import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../db/column-types';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';

/** one committed change, written in the same transaction as the change itself. */
@ObjectType('AuditRecord', {
  implements: Node,
  description:
    'One change made through the API (R-31): who made it, on what, the values before and after. Written in the same transaction as the change; refused mutations leave none.',
})
@Entity('audit_record')
@Index(['occurredAt'])
export class AuditRecord extends Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('AuditRecord', this.id);
  }

  @Field({ description: 'When the change was committed.' })
  @Column(timestamp())
  occurredAt: Date;

  @Field({ description: 'ID of the HTTP request that made the change (also in the server log).' })
  @Column({ type: 'varchar', length: 64 })
  requestId: string;

  @Column({ type: 'int', nullable: true })
  actorUserId: number | null;

  @Column({ type: 'int', nullable: true })
  actorOrganizationId: number | null;

  @Field({ description: 'The mutation, e.g. `acceptPartnershipInvitation`.' })
  @Column({ type: 'varchar', length: 64 })
  operation: string;

  @Field({ description: 'GraphQL type of the changed object, e.g. `Partnership`.' })
  @Column({ type: 'varchar', length: 64 })
  resourceType: string;

  @Field({ description: 'Global ID of the changed object.' })
  @Column({ type: 'varchar', length: 64 })
  resourceId: string;

  /** JSON; null for a creation. */
  @Column({ type: 'text', nullable: true })
  oldValue: string | null;

  /** JSON; null for a deletion. */
  @Column({ type: 'text', nullable: true })
  newValue: string | null;

  @Field({
    description: 'Outcome of the operation; only committed changes are recorded, so SUCCEEDED.',
  })
  @Column({ type: 'varchar', length: 16 })
  outcome: string;
}
