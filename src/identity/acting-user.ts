import type { CoreServices, LockedOrganization } from '../core/services';
import { lockClause, type RowLock } from '../db/locked-reads';
import { runSql, sql, type Queryable } from '../db/sql';
import { unauthenticated } from '../core/errors';
import { Organization } from '../organizations/organization.entity';
import { UserStatus } from './user.entity';
import type { Viewer } from '../core/viewer';

interface ActingUserRow {
  organization_id: number;
  status: string;
  roles: string | null;
}

/**
 * a token carries roles and stays valid until it expires, but an administrator's
 * decision to disable a user or take a role away must stop that user's writes at once. So
 * every mutation reads the user again (one primary-key lookup) before its work: a
 * disabled, deleted or moved user is UNAUTHENTICATED, and only the roles that both the token
 * and the user still hold count. Reads keep trusting the token until it expires
 * (TOKEN_TTL_SECONDS); what is out of scope stays out of scope either way.
 */
export async function actingViewer(db: Queryable, viewer: Viewer): Promise<Viewer> {
  const [user] = await runSql<ActingUserRow>(
    db,
    sql`SELECT organization_id, status, roles FROM app_user WHERE id = ${viewer.userId}`,
  );
  return checkedViewer(viewer, user);
}

/**
 * actingViewer and the caller's own organization in one statement, inside the mutation's
 * transaction, for workflows that decide on their own partner: the user row and the
 * organization row are both read with `lock` (a concurrent disabling of the user waits for the
 * mutation, as a concurrent suspension of the partner does), and the partner is handed to
 * lockOwnPartner instead of being read again. Connections run at READ COMMITTED (see
 * Database.transaction), so this first read inside the transaction fixes no snapshot.
 */
export async function actingViewerWithOwnPartner(
  services: Pick<CoreServices, 'db' | 'hydrator'>,
  db: Queryable,
  viewer: Viewer,
  lock: RowLock,
): Promise<{ viewer: Viewer; ownOrganization: LockedOrganization }> {
  const organizations = services.hydrator(Organization, 'x');
  const rows = await runSql<ActingUserRow & Record<string, unknown>>(
    db,
    sql`SELECT u.organization_id, u.status, u.roles, ${organizations.columns}
      FROM app_user u LEFT JOIN organization x ON x.id = ${viewer.organizationId}
      WHERE u.id = ${viewer.userId}${lockClause(services.db, lock)}`,
  );
  const acting = checkedViewer(viewer, rows[0]);
  const organization = rows[0].x__id == null ? null : organizations.one(rows[0]);
  return {
    viewer: acting,
    ownOrganization: { organization, lock },
  };
}

function checkedViewer(viewer: Viewer, user: ActingUserRow | undefined): Viewer {
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
