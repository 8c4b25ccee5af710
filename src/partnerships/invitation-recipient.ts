import { inList, runSql, sql } from '../db/sql';
import type { RequestContext } from '../core/request-context';
import { disclosed } from '../partners/partner-disclosure';
import type { PartnershipInvitation } from './partnership-invitation.entity';
import { loadPartnership } from './partnership.reads';

/**
 * Of these invitations, those emailed to the reseller's primary contact (the default when the
 * provider names no recipient): one statement per batch.
 */
function sentToPrimaryContact(ctx: RequestContext, invitationId: number): Promise<boolean> {
  const loader = ctx.loaders.get<number, boolean>('invitationToPrimaryContact', async (ids) => {
    const rows = await runSql<{ id: number }>(
      ctx.db,
      sql`SELECT i.id FROM partnership_invitation i
          JOIN partnership p ON p.id = i.partnership_id
          JOIN organization r ON r.id = p.reseller_id
          WHERE i.id IN ${inList(ids)} AND i.recipient_email = r.primary_contact_email`,
    );
    const hits = new Set(rows.map((r) => Number(r.id)));
    return ids.map((id) => hits.has(id));
  });
  return loader.load(invitationId);
}

/**
 * the reseller's primary contact is contact data, so a request that went there by
 * default does not tell the provider the address until the partnership is or was ACTIVE
 * (access/partner-disclosure.ts); an address the provider typed itself stays readable.
 */
export async function invitationRecipient(
  ctx: RequestContext,
  invitation: PartnershipInvitation,
): Promise<string | null> {
  const partnership = await loadPartnership(ctx, invitation.partnershipId);
  if (!partnership) return null;
  const allowed = disclosed(ctx, partnership.resellerId);
  if (allowed === true || (await allowed)) return invitation.recipientEmail;
  return (await sentToPrimaryContact(ctx, invitation.id)) ? null : invitation.recipientEmail;
}
