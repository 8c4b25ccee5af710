import type { OrganizationType } from './organization-type';
import type { Role } from './role';

/** The authenticated caller as stored: its token names the user, the database says the rest. */
export interface Viewer {
  userId: number;
  organizationId: number;
  organizationType: OrganizationType;
  roles: readonly Role[];
}

export function hasAnyRole(viewer: Viewer, roles: readonly Role[]): boolean {
  return viewer.roles.some((r) => roles.includes(r));
}
