import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Database } from '../db/database';
import type { Hydrator } from '../db/sql';
import { writeAuditRecord, type AuditEntry } from './audit-log';
import { enqueueEmail, type EmailMessage } from './email-queue';
import type { CoreServices, LockedOrganization } from './services';
import type { Viewer } from './viewer';

/**
 * What every mutation's transaction offers: the EntityManager, the request, one clock reading
 * for the whole operation, and the audit log and outbox that commit or roll back with the
 * change. `actor` is null for the few public mutations (enrollment, email verification).
 */
export abstract class TransactionContext {
  emailsQueued = 0;

  protected constructor(
    readonly services: CoreServices,
    readonly manager: EntityManager,
    readonly actor: Viewer | null,
    readonly requestId: string,
    readonly operation: string,
    readonly now: Date,
  ) {}

  get db(): Database {
    return this.services.db;
  }

  /** The public base URL that links in emails point to. */
  get publicUrl(): string {
    return this.services.publicUrl;
  }

  /** See CoreServices.hydrator. */
  hydrator<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    alias: string,
    only?: readonly string[] | null,
  ): Hydrator<T> {
    return this.services.hydrator(target, alias, only);
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
   * acting user (ActingUsers.actingViewerWithOwnOrganization); lockOwnPartner answers from it.
   */
  ownOrganization?: LockedOrganization;

  constructor(
    services: CoreServices,
    manager: EntityManager,
    readonly viewer: Viewer,
    requestId: string,
    operation: string,
    now: Date,
  ) {
    super(services, manager, viewer, requestId, operation, now);
  }
}

/**
 * A mutation that anyone may call without a token (see runPublicMutation). It has no viewer,
 * so a service written for signed-in callers (taking a WriteContext) cannot run in it.
 */
export class PublicWriteContext extends TransactionContext {
  constructor(
    services: CoreServices,
    manager: EntityManager,
    requestId: string,
    operation: string,
    now: Date,
  ) {
    super(services, manager, null, requestId, operation, now);
  }
}
