import { Role } from '../core/role';

/**
 * Which roles may attempt which kind of operation (SPEC section 1). This is the coarse gate,
 * checked before anything is read; the relationship rules (R-xx) are checked by the services.
 */
export const Capability = {
  /** GLOBAL_ADMIN only: accepting the partner agreement. */
  ACCEPT_AGREEMENT: [Role.GLOBAL_ADMIN],
  /** Partner relationships: partnerships with providers/resellers. */
  MANAGE_PARTNER_RELATIONSHIPS: [Role.GLOBAL_ADMIN, Role.ADMIN_AGENT],
  /** Partner users. */
  MANAGE_USERS: [Role.GLOBAL_ADMIN, Role.ADMIN_AGENT],
  /** Granting, removing, disabling or enabling a GLOBAL_ADMIN. */
  MANAGE_GLOBAL_ADMINS: [Role.GLOBAL_ADMIN],
  /** The partner's own enrollment, e.g. a new email verification link. */
  MANAGE_ENROLLMENT: [Role.GLOBAL_ADMIN, Role.ADMIN_AGENT],
  /** Customers, customer invitations and relationship requests (R-15..R-20). */
  MANAGE_CUSTOMERS: [Role.GLOBAL_ADMIN, Role.ADMIN_AGENT, Role.SALES_AGENT],
  /** Orders and subscription changes (R-24..R-29). */
  MANAGE_SUBSCRIPTIONS: [Role.GLOBAL_ADMIN, Role.ADMIN_AGENT, Role.SALES_AGENT],
  /** Vendor operations: enrollment review, provider authorization, catalog. */
  VENDOR_OPERATIONS: [Role.VENDOR_ADMIN],
  /** Customer self-service: accepting invitations, managing its partners. */
  CUSTOMER_ADMINISTRATION: [Role.CUSTOMER_ADMIN],
} as const satisfies Record<string, readonly Role[]>;

export type CapabilityName = keyof typeof Capability;
