/** Demo users (see src/entry/seed/demo-channel.ts and the README). */
export const demo = {
  vendor: 'operator@microsoft.example',
  contoso: {
    globalAdmin: 'globaladmin@contosodistribution.example',
    adminAgent: 'adminagent@contosodistribution.example',
    sales: 'sales@contosodistribution.example',
    helpdesk: 'helpdesk@contosodistribution.example',
    billing: 'billing@contosodistribution.example',
  },
  fabrikam: {
    globalAdmin: 'globaladmin@fabrikamdistribution.example',
    adminAgent: 'adminagent@fabrikamdistribution.example',
  },
  adatum: {
    globalAdmin: 'globaladmin@adatumcloudservices.example',
    sales: 'sales@adatumcloudservices.example',
  },
  trey: {
    globalAdmin: 'globaladmin@treyresearchit.example',
    adminAgent: 'adminagent@treyresearchit.example',
    sales: 'sales@treyresearchit.example',
    helpdesk: 'helpdesk@treyresearchit.example',
    billing: 'billing@treyresearchit.example',
  },
  litware: { globalAdmin: 'globaladmin@litwaresystems.example' },
  proseware: { globalAdmin: 'globaladmin@prosewareconsulting.example' },
  lucerne: { globalAdmin: 'globaladmin@lucerneitservices.example' },
  southridge: { globalAdmin: 'globaladmin@southridgesolutions.example' },
  relecloud: { globalAdmin: 'globaladmin@relecloudpartners.example' },
  vanarsdel: { globalAdmin: 'globaladmin@vanarsdeltech.example' },
  customers: {
    northwind: 'admin@northwindtraders.example',
    tailspin: 'admin@tailspintoys.example',
    wingtip: 'admin@wingtiptoys.example',
    coho: 'admin@cohowinery.example',
    fourthCoffee: 'admin@fourthcoffee.example',
    woodgrove: 'admin@woodgrovebank.example',
    alpine: 'admin@alpineskihouse.example',
    margies: 'admin@margiestravel.example',
    munson: 'admin@munsonspickles.example',
    bestForYou: 'admin@bestforyouorganics.example',
  },
} as const;
