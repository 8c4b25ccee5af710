import { registerEnumType } from 'type-graphql';

export enum Role {
  GLOBAL_ADMIN = 'GLOBAL_ADMIN',
  ADMIN_AGENT = 'ADMIN_AGENT',
  SALES_AGENT = 'SALES_AGENT',
  HELPDESK_AGENT = 'HELPDESK_AGENT',
  BILLING_ADMIN = 'BILLING_ADMIN',
  CUSTOMER_ADMIN = 'CUSTOMER_ADMIN',
  VENDOR_ADMIN = 'VENDOR_ADMIN',
}

export const PARTNER_ROLES: readonly Role[] = [
  Role.GLOBAL_ADMIN,
  Role.ADMIN_AGENT,
  Role.SALES_AGENT,
  Role.HELPDESK_AGENT,
  Role.BILLING_ADMIN,
];

registerEnumType(Role, {
  name: 'Role',
  description: 'A user role (SPEC section 1). Partner users may hold several.',
  valuesConfig: {
    GLOBAL_ADMIN: {
      description: 'Partner: everything, including accepting the partner agreement.',
    },
    ADMIN_AGENT: {
      description: 'Partner: partner relationships, customers, subscriptions and users.',
    },
    SALES_AGENT: {
      description: 'Partner: customers, orders, subscriptions and customer invitations.',
    },
    HELPDESK_AGENT: {
      description: 'Partner: reads customers and subscriptions and acts as support.',
    },
    BILLING_ADMIN: { description: 'Partner: reads commercial data only.' },
    CUSTOMER_ADMIN: { description: 'Customer: administers its own tenant and its partners.' },
    VENDOR_ADMIN: {
      description: 'Vendor: verifies enrollments, authorizes providers, owns the catalog.',
    },
  },
});
