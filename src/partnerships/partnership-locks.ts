import type { WriteContext } from '../core/unit-of-work';
import { readRows } from '../db/locked-reads';
import { sql } from '../db/sql';
import { PartnershipInvitation } from './partnership-invitation.entity';
import { Partnership } from './partnership.entity';

/**
 * Lock order of this domain: partners (ascending id, lockPartners), then the partnership, then
 * its invitation. Every workflow takes them in this order.
 */
export async function lockPartnership(w: WriteContext, id: number): Promise<Partnership | null> {
  const [partnership] = await readRows(w, Partnership, sql`x.id = ${id}`);
  return partnership ?? null;
}

export async function lockInvitation(
  w: WriteContext,
  id: number,
): Promise<PartnershipInvitation | null> {
  const [invitation] = await readRows(w, PartnershipInvitation, sql`x.id = ${id}`);
  return invitation ?? null;
}
