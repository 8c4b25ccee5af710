import type { ClassType } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { PublicWriteContext, WriteContext, type TransactionContext } from './unit-of-work';
import type { RowLock } from '../db/locked-reads';
import type { Role } from './role';
import { hasAnyRole, type Viewer } from './viewer';
import type { OrganizationType } from './organization-type';
import type { RequestContext } from './request-context';
import { forbidden } from './errors';
import type { MutationPayload } from './payload';
import { RuleViolation, UserErrorCode } from './user-error';

export interface MutationOptions {
  /** The mutation's name, recorded in the audit log. */
  operation: string;
  /** Roles allowed to attempt it (a `Capability`); others get a top-level FORBIDDEN. */
  roles: readonly Role[];
  /** Kinds of organization whose users may attempt it; others get FORBIDDEN. */
  organizationTypes: readonly OrganizationType[];
  /**
   * For workflows that read their own partner with this lock: the acting user and the
   * partner are read in one statement at the start of the transaction (actingViewerWithOwnPartner).
   */
  ownPartnerLock?: RowLock;
}

export interface PublicMutationOptions {
  /** The mutation's name, recorded in the audit log. */
  operation: string;
}

const MAX_ATTEMPTS = 5;

/** Deadlocks and lock timeouts: the transaction was rolled back whole and may simply run again. */
function isTransient(error: unknown): boolean {
  const code =
    (error as { driverError?: { code?: string }; code?: string }).driverError?.code ??
    (error as { code?: string }).code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

/** A unique index refused a row: a concurrent request created the same thing first. */
export function isUniqueViolation(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: string; errno?: number } }).driverError;
  const code = driver?.code ?? (error as { code?: string }).code;
  return (
    code === 'ER_DUP_ENTRY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * The role gate (FORBIDDEN) on the caller's token. runMutation applies it; a resolver that must
 * do costly work before the transaction (hashing a password) applies it first, so that a caller
 * who may not run the mutation cannot make the server do that work.
 */
export function assertAllowed(viewer: Viewer, options: MutationOptions): void {
  if (
    !options.organizationTypes.includes(viewer.organizationType) ||
    !hasAnyRole(viewer, options.roles)
  ) {
    throw forbidden(`${options.operation} needs one of the roles ${options.roles.join(', ')}.`);
  }
}

/**
 * The one path every mutation takes: role gate (FORBIDDEN), then the work in a single
 * transaction with its audit records and emails. A RuleViolation rolls everything back and
 * becomes `userErrors`; a deadlock, or a unique-index race lost to a concurrent request, reruns
 * the whole transaction, whose checks then see the winner's rows and answer properly. The gate
 * runs twice: on the stored roles the request started with (CallerResolver), then on the roles
 * the user still holds (see actingViewer), before the transaction or, with `ownPartnerLock`, as
 * its first statement together with the caller's partner.
 */
export async function runMutation<P extends MutationPayload>(
  ctx: RequestContext,
  options: MutationOptions,
  Payload: ClassType<P>,
  work: (w: WriteContext) => Promise<Partial<P>>,
): Promise<P> {
  const token = ctx.requireViewer();
  assertAllowed(token, options);
  const lock = options.ownPartnerLock;
  if (lock) {
    return runTransaction(
      ctx,
      Payload,
      async (manager, now) => {
        const acting = await ctx.services.actingUsers.actingViewerWithOwnOrganization(
          manager,
          token,
          lock,
        );
        assertAllowed(acting.viewer, options);
        const w = new WriteContext(
          ctx.services,
          manager,
          acting.viewer,
          ctx.requestId,
          options.operation,
          now,
        );
        w.ownOrganization = acting.ownOrganization;
        return w;
      },
      work,
    );
  }
  const viewer = await ctx.services.actingUsers.actingViewer(ctx.db, token);
  assertAllowed(viewer, options);
  return runTransaction(
    ctx,
    Payload,
    async (manager, now) =>
      new WriteContext(ctx.services, manager, viewer, ctx.requestId, options.operation, now),
    work,
  );
}

/**
 * The same path for the few mutations that must work without a token (a new partner's
 * enrollment, the email verification link). The caller's token, if any, is ignored: the audit
 * record has no actor and names the organizations involved. Everything else (one transaction,
 * userErrors, reruns) is as in runMutation.
 */
export async function runPublicMutation<P extends MutationPayload>(
  ctx: RequestContext,
  options: PublicMutationOptions,
  Payload: ClassType<P>,
  work: (w: PublicWriteContext) => Promise<Partial<P>>,
): Promise<P> {
  return runTransaction(
    ctx,
    Payload,
    async (manager, now) =>
      new PublicWriteContext(ctx.services, manager, ctx.requestId, options.operation, now),
    work,
  );
}

async function runTransaction<P extends MutationPayload, C extends TransactionContext>(
  ctx: RequestContext,
  Payload: ClassType<P>,
  open: (manager: EntityManager, now: Date) => Promise<C>,
  work: (w: C) => Promise<Partial<P>>,
): Promise<P> {
  const { services } = ctx;
  for (let attempt = 1; ; attempt++) {
    let emails = 0;
    try {
      const result = await services.db.transaction(async (manager) => {
        const w = await open(manager, new Date());
        const fields = await work(w);
        emails = w.emailsQueued;
        return fields;
      });
      ctx.loaders.clearAll();
      if (emails > 0) services.emailsCommitted();
      return Object.assign(new Payload(), result, { userErrors: [] });
    } catch (error) {
      if (error instanceof RuleViolation) {
        return Object.assign(new Payload(), { userErrors: [error.toUserError()] });
      }
      if (attempt < MAX_ATTEMPTS && (isTransient(error) || isUniqueViolation(error))) continue;
      if (isUniqueViolation(error)) {
        return Object.assign(new Payload(), {
          userErrors: [
            new RuleViolation(UserErrorCode.ALREADY_EXISTS, 'This already exists.').toUserError(),
          ],
        });
      }
      throw error;
    }
  }
}
