import { registerEnumType } from 'type-graphql';

export enum PartnerKind {
  INDIRECT_PROVIDER = 'INDIRECT_PROVIDER',
  INDIRECT_RESELLER = 'INDIRECT_RESELLER',
  DIRECT_BILL = 'DIRECT_BILL',
}

registerEnumType(PartnerKind, {
  name: 'PartnerKind',
  description: 'How a partner takes part in the CSP program.',
  valuesConfig: {
    INDIRECT_PROVIDER: {
      description:
        'Distributor: buys from the vendor and transacts for customers served through its resellers.',
    },
    INDIRECT_RESELLER: {
      description:
        'Sells through one or more indirect providers; does not transact itself. New partners enroll as this (R-01).',
    },
    DIRECT_BILL: {
      description: 'Buys from the vendor and sells to its own customers without a provider.',
    },
  },
});
