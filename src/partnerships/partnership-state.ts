import { registerEnumType } from 'type-graphql';

export enum PartnershipState {
  INVITED = 'INVITED',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  REVOKED = 'REVOKED',
}

registerEnumType(PartnershipState, {
  name: 'PartnershipState',
  description:
    'State of a provider-reseller partnership (R-10): INVITED -> ACTIVE -> REVOKED, and ACTIVE <-> SUSPENDED by the vendor.',
  valuesConfig: {
    INVITED: { description: 'The provider sent a request; the reseller has not accepted it yet.' },
    ACTIVE: {
      description: 'The reseller accepted (R-11); the provider transacts for its customers.',
    },
    SUSPENDED: { description: 'Suspended by the vendor, e.g. while the reseller is suspended.' },
    REVOKED: {
      description: 'Ended by either side or the invitation was withdrawn; kept as history.',
    },
  },
});
