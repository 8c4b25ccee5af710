/** Discriminator of the `organization` table (single-table inheritance). */
export const OrganizationType = {
  VENDOR: 'VENDOR',
  PARTNER: 'PARTNER',
  CUSTOMER: 'CUSTOMER',
} as const;
export type OrganizationType = (typeof OrganizationType)[keyof typeof OrganizationType];
