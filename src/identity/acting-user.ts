import type { CoreServices, LockedOrganization } from '../core/services';
import { lockClause, type RowLock } from '../db/locked-reads';
import { runSql, sql, type Queryable } from '../db/sql';
import { unauthenticated } from '../core/errors';
import { Organization } from '../organizations/organization.entity';
import { Role } from '../core/role';
import type { OrganizationType } from '../core/organization-type';
import type { CallerClaims } from './tokens';
import { UserStatus } from './user.entity';
import type { Viewer } from '../core/viewer';

const ROLES = new Set<string>(Object.values(Role));

interface ActingUserRow {
  organization_id: number;
  status: string;
  roles: string | null;
}

interface CallerRow extends ActingUserRow {
  organization_type: string;
}

/**
 * the caller of every request, resolved from its token's claims against the stored user
 * and its organization (one primary-key lookup with a primary-key join). A user who is
 * disabled or gone, or whose stored organization or organization type is not the one the
 * token names, is UNAUTHENTICATED; the roles are the stored ones, whatever the token lists.
 * Nothing is cached, so a change is seen by the first request that starts after it commits,
 * on every process.
 */
export async function storedCaller(db: Queryable, claims: CallerClaims): Promise<Viewer> {
  const [user] = await runSql<CallerRow>(
    db,
    sql`SELECT u.organization_id, u.status, u.roles, o.type AS organization_type
      FROM app_user u JOIN organization o ON o.id = u.organization_id
      WHERE u.id = ${claims.userId}`,
  );
  assertCurrent(claims, user);
  if (user.organization_type !== claims.organizationType) throw refused();
  return { ...claims, roles: storedRoles(user) };
}

/**
 * The caller named by an identity provider's person token: the user linked to (issuer,
 * subject), read with its organization in one statement through the unique (issuer, subject)
 * index. An unlinked identity, or a linked user who is disabled, is UNAUTHENTICATED with the
 * same message as a stale token; roles are the stored ones (the token carries none).
 */
export async function storedCallerByIdentity(
  db: Queryable,
  issuer: string,
  subject: string,
): Promise<Viewer> {
  const [user] = await runSql<CallerRow & { id: number }>(
    db,
    sql`SELECT u.id, u.organization_id, u.status, u.roles, o.type AS organization_type
      FROM external_identity e JOIN app_user u ON u.id = e.user_id
      JOIN organization o ON o.id = u.organization_id
      WHERE e.issuer = ${issuer} AND e.subject = ${subject}`,
  );
  if (!user || user.status !== UserStatus.ACTIVE) throw refused();
  return {
    userId: Number(user.id),
    organizationId: Number(user.organization_id),
    organizationType: user.organization_type as OrganizationType,
    roles: storedRoles(user),
  };
}

/**
 * the caller was resolved when its request started (storedCaller), but a mutation reads
 * the user again (one primary-key lookup) right before its work, so that a disabling or a
 * role taken away that commits meanwhile also counts: a disabled, deleted or moved user is
 * UNAUTHENTICATED, and only the roles that the caller and the stored user both hold count.
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
  assertCurrent(viewer, user);
  const current = new Set(storedRoles(user));
  return { ...viewer, roles: viewer.roles.filter((role) => current.has(role)) };
}

function assertCurrent(
  claims: Pick<Viewer, 'organizationId'>,
  user: ActingUserRow | undefined,
): asserts user is ActingUserRow {
  if (
    !user ||
    user.status !== UserStatus.ACTIVE ||
    Number(user.organization_id) !== claims.organizationId
  ) {
    throw refused();
  }
}

/** One message for every cause: the answer must not tell which user ids exist. */
function refused() {
  return unauthenticated(
    'Your user account is disabled, no longer exists or does not match this token; sign in again.',
  );
}

function storedRoles(user: ActingUserRow): Role[] {
  return (user.roles ?? '').split(',').filter((role): role is Role => ROLES.has(role));
}
