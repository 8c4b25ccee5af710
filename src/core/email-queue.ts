import type { EntityManager } from 'typeorm';
import { EmailOutbox } from './email-outbox.entity';

export interface EmailMessage {
  kind: string;
  recipient: string;
  subject: string;
  body: string;
}

/** Queues an email inside the caller's transaction: it leaves only if the change commits. */
export async function enqueueEmail(
  manager: EntityManager,
  message: EmailMessage,
  now: Date,
): Promise<void> {
  await manager.insert(EmailOutbox, {
    ...message,
    createdAt: now,
    sentAt: null,
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
  });
}
