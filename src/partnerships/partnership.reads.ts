import { visibilityOf } from '../access/visibility';
import type { ListSource } from '../core/list-query';
import { inList, runSql, sql, Sql } from '../db/sql';
import type { ConnectionData } from '../core/connection';
import type { RequestContext } from '../core/request-context';
import { listConnection } from '../core/list-connection';
import type { PageRequest } from '../core/pagination';
import { PartnershipInvitationStatus } from './partnership-invitation-status';
import { PartnershipState } from './partnership-state';
import { loadOptionalById, type ByIdSpec } from '../access/by-id';
import { PartnershipInvitation } from './partnership-invitation.entity';
import { Partnership } from './partnership.entity';

export const partnershipById: ByIdSpec<Partnership> = {
  name: 'partnership',
  target: Partnership,
  table: 'partnership',
  alias: 'p',
  visible: (v) => v.partnership('p'),
};

export function loadPartnership(ctx: RequestContext, id: number | null | undefined) {
  return loadOptionalById(ctx, partnershipById, id);
}

/** An invitation is visible exactly when its partnership is. */
export async function loadPartnershipInvitation(
  ctx: RequestContext,
  id: number,
): Promise<PartnershipInvitation | null> {
  const invitations = ctx.hydrator(PartnershipInvitation, 'i');
  const [row] = await runSql(
    ctx.db,
    sql`SELECT ${invitations.columns} FROM partnership_invitation i WHERE i.id = ${id}`,
  );
  if (!row) return null;
  const invitation = invitations.one(row);
  return (await loadPartnership(ctx, invitation.partnershipId)) ? invitation : null;
}

/** The latest invitation of each partnership. */
export function latestInvitation(
  ctx: RequestContext,
  partnershipId: number,
): Promise<PartnershipInvitation | null> {
  const loader = ctx.loaders.get<number, PartnershipInvitation | null>(
    'latestInvitation',
    async (ids) => {
      const invitations = ctx.hydrator(PartnershipInvitation, 'i');
      const rows = await runSql(
        ctx.db,
        sql`SELECT ${invitations.columns} FROM partnership_invitation i WHERE i.partnership_id IN ${inList(ids)} ORDER BY i.id`,
      );
      const latest = new Map<number, PartnershipInvitation>();
      for (const invitation of invitations.many(rows))
        latest.set(invitation.partnershipId, invitation);
      return ids.map((id) => latest.get(id) ?? null);
    },
  );
  return loader.load(partnershipId);
}

/**
 * SQL twin of `invitationStatus` (invitation alias `i`, partnership alias `p`), so that lists
 * filter by status in the database.
 */
function statusCondition(status: PartnershipInvitationStatus, now: Date): Sql {
  switch (status) {
    case PartnershipInvitationStatus.USED:
      return Sql.raw('i.used_at IS NOT NULL');
    case PartnershipInvitationStatus.WITHDRAWN:
      return sql`i.used_at IS NULL AND p.state = ${PartnershipState.REVOKED}`;
    case PartnershipInvitationStatus.EXPIRED:
      return sql`i.used_at IS NULL AND p.state <> ${PartnershipState.REVOKED} AND i.expires_at <= ${now}`;
    case PartnershipInvitationStatus.PENDING:
      return sql`i.used_at IS NULL AND p.state <> ${PartnershipState.REVOKED} AND i.expires_at > ${now}`;
  }
}

/**
 * Partnership requests the caller's organization received (as indirect reseller) or sent (as
 * indirect provider); the vendor sees all (R-30: the partnership's visibility decides).
 */
export function listPartnershipInvitations(
  ctx: RequestContext,
  status: PartnershipInvitationStatus | undefined,
  req: PageRequest,
): Promise<ConnectionData<PartnershipInvitation>> {
  const invitations = ctx.hydrator(PartnershipInvitation, 'i');
  const src: ListSource = {
    from: Sql.raw('partnership_invitation i JOIN partnership p ON p.id = i.partnership_id'),
    select: invitations.columns,
    key: 'i.id',
    where: [
      status ? statusCondition(status, new Date()) : undefined,
      visibilityOf(ctx).partnership('p'),
    ],
  };
  return listConnection(ctx, src, req, (row, cursor) => ({
    cursor,
    node: invitations.one(row),
  }));
}
