import type { RequestContext } from '../core/request-context';
import { loadOrganization } from '../organizations/organization.loaders';
import { Customer } from './customer.entity';

/** A customer by id, as far as the caller may see it; null for any other organization. */
export async function loadCustomer(
  ctx: RequestContext,
  id: number | null | undefined,
): Promise<Customer | null> {
  const org = await loadOrganization(ctx, id);
  return org instanceof Customer ? org : null;
}
