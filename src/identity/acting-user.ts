import { runSql, sql, type Queryable } from '../db/sql';
import { unauthenticated } from '../graphql/errors';
import { UserStatus } from './user.entity';
import type { Viewer } from './viewer';

/**
 * R-05: a token carries roles and stays valid until it expires, but an administrator's
 * decision to disable a user or take a role away must stop that user's writes at once. So
 * every mutation reads the user again (one primary-key lookup) before its transaction: a
 * disabled, deleted or moved user is UNAUTHENTICATED, and only the roles that both the token
 * and the user still hold count. Reads keep trusting the token until it expires
 * (TOKEN_TTL_SECONDS); what is out of scope stays out of scope either way.
 *
 * It runs before the transaction on purpose: on MySQL (REPEATABLE READ) a first plain read
 * inside it would fix the snapshot before the services' `lockRow` calls, and their reads
 * after the lock would no longer see concurrent commits.
 */
export async function actingViewer(db: Queryable, viewer: Viewer): Promise<Viewer> {
  const [user] = await runSql<{ organization_id: number; status: string; roles: string | null }>(
    db,
    sql`SELECT organization_id, status, roles FROM app_user WHERE id = ${viewer.userId}`,
  );
  if (
    !user ||
    user.status !== UserStatus.ACTIVE ||
    Number(user.organization_id) !== viewer.organizationId
  ) {
    throw unauthenticated('Your user account is disabled or no longer exists; sign in again.');
  }
  const current = new Set((user.roles ?? '').split(','));
  return { ...viewer, roles: viewer.roles.filter((role) => current.has(role)) };
}
