import type { RequestContext } from '../core/request-context';
import { loadOrganization } from '../organizations/organization.loaders';
import { Partner } from './partner.entity';

/** A partner by id, as far as the caller may see it; null for any other organization. */
export async function loadPartner(
  ctx: RequestContext,
  id: number | null | undefined,
): Promise<Partner | null> {
  const org = await loadOrganization(ctx, id);
  return org instanceof Partner ? org : null;
}
