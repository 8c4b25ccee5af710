import { registerEnumType } from 'type-graphql';

export enum ProductFamily {
  MICROSOFT_365 = 'MICROSOFT_365',
  OFFICE_365 = 'OFFICE_365',
  AZURE = 'AZURE',
  DYNAMICS_365 = 'DYNAMICS_365',
  POWER_PLATFORM = 'POWER_PLATFORM',
  SECURITY = 'SECURITY',
}

export enum BillingCycle {
  MONTHLY = 'MONTHLY',
  ANNUAL = 'ANNUAL',
  USAGE = 'USAGE',
}

registerEnumType(ProductFamily, {
  name: 'ProductFamily',
  description: 'Product family of an offer (R-23).',
  valuesConfig: {
    MICROSOFT_365: { description: 'Microsoft 365 business and enterprise suites.' },
    OFFICE_365: { description: 'Office 365 plans.' },
    AZURE: { description: 'Azure consumption and reservations.' },
    DYNAMICS_365: { description: 'Dynamics 365 business applications.' },
    POWER_PLATFORM: { description: 'Power BI, Power Apps and Power Automate.' },
    SECURITY: { description: 'Security and identity add-ons.' },
  },
});

registerEnumType(BillingCycle, {
  name: 'BillingCycle',
  description: 'How often an offer is billed (R-23).',
  valuesConfig: {
    MONTHLY: { description: 'Billed every month.' },
    ANNUAL: { description: 'Billed once a year.' },
    USAGE: { description: 'Billed monthly in arrears for what was consumed.' },
  },
});
