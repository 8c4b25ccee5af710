import { registerEnumType } from 'type-graphql';

export enum SubscriptionStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  CANCELLED = 'CANCELLED',
}

export enum SuspensionReason {
  CUSTOMER_REQUEST = 'CUSTOMER_REQUEST',
  NON_PAYMENT = 'NON_PAYMENT',
  FRAUD_SUSPECTED = 'FRAUD_SUSPECTED',
  RESELLER_OFFBOARDING = 'RESELLER_OFFBOARDING',
  OTHER = 'OTHER',
}

export enum SubscriptionChannel {
  PARTNER = 'PARTNER',
  ELSEWHERE = 'ELSEWHERE',
}

registerEnumType(SubscriptionStatus, {
  name: 'SubscriptionStatus',
  description: 'Lifecycle of a subscription (R-27): ACTIVE <-> SUSPENDED -> CANCELLED.',
  valuesConfig: {
    ACTIVE: { description: 'In use and billed.' },
    SUSPENDED: {
      description: 'Temporarily stopped; see `suspensionReason`. Quantity cannot change.',
    },
    CANCELLED: { description: 'Ended for good.' },
  },
});

registerEnumType(SuspensionReason, {
  name: 'SuspensionReason',
  description: 'Why a subscription was suspended (R-27).',
  valuesConfig: {
    CUSTOMER_REQUEST: { description: 'The customer asked for it.' },
    NON_PAYMENT: { description: 'Invoices are unpaid.' },
    FRAUD_SUSPECTED: { description: 'Suspected fraud is being investigated.' },
    RESELLER_OFFBOARDING: { description: 'The reseller managing it is leaving the channel.' },
    OTHER: { description: 'Any other reason.' },
  },
});

registerEnumType(SubscriptionChannel, {
  name: 'SubscriptionChannel',
  description: 'Where a subscription was bought.',
  valuesConfig: {
    PARTNER: { description: 'Ordered through a transacting partner, which bills it.' },
    ELSEWHERE: {
      description:
        'Bought elsewhere and recorded by the customer; a hired partner provisions and supports it (R-28).',
    },
  },
});
