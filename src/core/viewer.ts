import type { OrganizationType } from './organization-type';
import type { Role } from './role';

/** The authenticated caller, as its token describes it. */
export interface Viewer {
  userId: number;
  organizationId: number;
  organizationType: OrganizationType;
  roles: readonly Role[];
}

export function hasAnyRole(viewer: Viewer, roles: readonly Role[]): boolean {
  return viewer.roles.some((r) => roles.includes(r));
}
