import type { EntityManager } from 'typeorm';
import { writeAuditRecord, type AuditEntry } from './audit-log';
import type { Database } from '../db/database';
import type { LockedPartner } from '../identity/acting-user';
import type { Viewer } from './viewer';
import { enqueueEmail, type EmailMessage } from './email-queue';
import type { App } from '../entry/app';

/**
 * What every mutation's transaction offers: the EntityManager, the request, one clock reading
 * for the whole operation, and the audit log and outbox that commit or roll back with the
 * change. `actor` is null for the few public mutations (enrollment, email verification).
 */
export abstract class TransactionContext {
  emailsQueued = 0;

  protected constructor(
    readonly app: App,
    readonly manager: EntityManager,
    readonly actor: Viewer | null,
    readonly requestId: string,
    readonly operation: string,
    readonly now: Date,
  ) {}

  get db(): Database {
    return this.app.db;
  }

  /** records the change in the audit log, in this transaction. */
  audit(entry: AuditEntry): Promise<void> {
    return writeAuditRecord(this.manager, this, entry);
  }

  /** Queues an email that is sent only if this transaction commits. */
  async sendEmail(message: EmailMessage): Promise<void> {
    await enqueueEmail(this.manager, message, this.now);
    this.emailsQueued++;
  }

  /** Locks a row until commit (see Database.lockRow). */
  lockRow(table: string, id: number): Promise<boolean> {
    return this.db.lockRow(this.manager, table, id);
  }

  /** Runs a write statement in this transaction; returns the number of rows changed. */
  execute(text: string, params: unknown[] = []): Promise<number> {
    return this.db.execute(this.manager, text, params);
  }
}

/** What a service gets to change the graph on behalf of a signed-in caller (`viewer`). */
export class WriteContext extends TransactionContext {
  /**
   * The caller's own organization when the runner already read it under a lock, with the
   * acting user (see actingViewerWithOwnPartner); lockOwnPartner answers from it.
   */
  ownPartner?: LockedPartner;

  constructor(
    app: App,
    manager: EntityManager,
    readonly viewer: Viewer,
    requestId: string,
    operation: string,
    now: Date,
  ) {
    super(app, manager, viewer, requestId, operation, now);
  }
}

/**
 * A mutation that anyone may call without a token (see runPublicMutation). It has no viewer,
 * so a service written for signed-in callers (taking a WriteContext) cannot run in it.
 */
export class PublicWriteContext extends TransactionContext {
  constructor(app: App, manager: EntityManager, requestId: string, operation: string, now: Date) {
    super(app, manager, null, requestId, operation, now);
  }
}
