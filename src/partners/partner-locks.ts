import type { WriteContext } from '../core/unit-of-work';
import { readRows, type RowLock, type RowReader } from '../db/locked-reads';
import { inList, sql } from '../db/sql';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { Organization } from '../organizations/organization.entity';
import { Partner } from './partner.entity';

/**
 * A partner organization read with a lock (see RowLock); null when the id is not a partner.
 * Workflows that decide on a partner's status, kind or agreement read it this way, so a
 * concurrent suspension or change of kind waits for them (or they for it).
 */
export async function lockPartner(
  w: RowReader,
  id: number,
  lock: RowLock = 'update',
): Promise<Partner | null> {
  const [organization] = await readRows(w, Organization, sql`x.id = ${id}`, lock);
  return organization instanceof Partner ? organization : null;
}

/**
 * Several partners, locked in one statement in ascending id order - the order every workflow
 * uses - so two transactions locking the same pair never wait on each other in a cycle.
 */
export async function lockPartners(
  w: RowReader,
  ids: readonly number[],
  lock: RowLock = 'update',
): Promise<Map<number, Partner>> {
  const unique = [...new Set(ids)];
  const byId = new Map<number, Partner>();
  if (unique.length === 0) return byId;
  for (const organization of await readRows(
    w,
    Organization,
    sql`x.id IN ${inList(unique)}`,
    lock,
  )) {
    if (organization instanceof Partner) byId.set(organization.id, organization);
  }
  return byId;
}

const LOCK_STRENGTH: Record<RowLock, number> = { none: 0, share: 1, update: 2 };

/**
 * The caller's own partner organization. `update` for changes of the partner itself;
 * `share` for workflows that only rely on it (orders, customers): a concurrent suspension
 * waits for them, while the partner's own concurrent operations do not queue behind each other.
 */
export async function lockOwnPartner(w: WriteContext, lock: RowLock = 'update'): Promise<Partner> {
  // Already read under at least this lock in this transaction: the row cannot have changed since.
  const own = w.ownOrganization;
  const partner =
    own && LOCK_STRENGTH[own.lock] >= LOCK_STRENGTH[lock]
      ? own.organization instanceof Partner
        ? own.organization
        : null
      : await lockPartner(w, w.viewer.organizationId, lock);
  if (!partner)
    throw new RuleViolation(UserErrorCode.NOT_FOUND, 'Your organization is not a partner.');
  return partner;
}
