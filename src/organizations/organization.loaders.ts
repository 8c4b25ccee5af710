import type { RequestContext } from '../core/request-context';
import { loadOptionalById, type ByIdSpec } from '../access/by-id';
import { Organization } from './organization.entity';
import { Vendor } from './vendor.entity';

export const organizationById: ByIdSpec<Organization> = {
  name: 'organization',
  target: Organization,
  table: 'organization',
  alias: 'o',
  visible: (v) => v.organization('o'),
};

export async function loadOrganization(
  ctx: RequestContext,
  id: number | null | undefined,
): Promise<Organization | null> {
  return loadOptionalById(ctx, organizationById, id);
}

export async function loadVendor(
  ctx: RequestContext,
  id: number | null | undefined,
): Promise<Vendor | null> {
  const org = await loadOrganization(ctx, id);
  return org instanceof Vendor ? org : null;
}
