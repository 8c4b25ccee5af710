import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Database } from '../db/database';
import type { RowLock } from '../db/locked-reads';
import type { Hydrator, Queryable } from '../db/sql';
import type { Viewer } from './viewer';

/** An organization row read under a lock at the start of a transaction, with that lock. */
export interface LockedOrganization {
  /** The caller's organization as hydrated (a Partner, Customer or Vendor), null if gone. */
  organization: object | null;
  lock: RowLock;
}

/**
 * R-05's re-read of the caller, which the mutation runner needs before its work. Declared here
 * and implemented by identity/acting-user.ts (wired by the entry), so that the request core
 * does not depend on a domain.
 */
export interface ActingUsers {
  /** The stored user behind `token`, with the roles it still holds; UNAUTHENTICATED otherwise. */
  actingViewer(db: Queryable, token: Viewer): Promise<Viewer>;
  /** The same, and the caller's own organization, in one statement read with `lock`. */
  actingViewerWithOwnOrganization(
    db: Queryable,
    token: Viewer,
    lock: RowLock,
  ): Promise<{ viewer: Viewer; ownOrganization: LockedOrganization }>;
}

/**
 * What a request and its unit of work may use of the process: the ports the core declares and
 * the entry implements (entry/app.ts). Not the whole server: no HTTP, no Apollo, no tokens.
 */
export interface CoreServices {
  readonly db: Database;
  /** The public base URL that links in emails point to. */
  readonly publicUrl: string;
  readonly actingUsers: ActingUsers;
  /** `only`: a subset of the columns (see Hydrator); one hydrator per entity, alias and subset. */
  hydrator<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    alias: string,
    only?: readonly string[] | null,
  ): Hydrator<T>;
  /**
   * The person an OpenID Connect provider's token names (issuer and subject), verified;
   * UNAUTHENTICATED when it is not valid or no provider is configured. For redeeming a link.
   */
  providerPerson(token: string): Promise<{ issuer: string; subject: string }>;
  /** Called after a transaction that queued emails has committed: deliver them now. */
  emailsCommitted(): void;
}
