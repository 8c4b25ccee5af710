import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../db/column-types';

/**
 * Emails are written here in the transaction that decides to send them, and delivered after
 * commit (over SMTP when configured): a rolled-back invitation is never mailed.
 */
@Entity('email_outbox')
@Index(['sentAt', 'nextAttemptAt'])
export class EmailOutbox {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column(timestamp())
  createdAt: Date;

  @Column(timestamp({ nullable: true }))
  sentAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column(timestamp({ nullable: true }))
  nextAttemptAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;
}
