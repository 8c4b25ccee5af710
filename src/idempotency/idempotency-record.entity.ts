import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { timestamp } from '../db/column-types';

/**
 * the first outcome of an idempotent mutation per organization and key. The unique index
 * makes a concurrent retry wait for, then find, the first one instead of creating a duplicate.
 */
@Entity('idempotency_record')
@Index(['organizationId', 'idempotencyKey'], { unique: true })
export class IdempotencyRecord {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @ForeignKey(() => Organization)
  @Column({ type: 'int' })
  organizationId: number;

  @Column({ type: 'varchar', length: 64 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 64 })
  operation: string;

  /** SHA-256 of the canonical request: the same key with another request is refused. */
  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  /** JSON of what the first call created (resource IDs), replayed on retries. */
  @Column({ type: 'text' })
  resultJson: string;

  @Column(timestamp())
  createdAt: Date;
}
