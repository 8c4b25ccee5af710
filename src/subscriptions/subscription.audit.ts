import { toGlobalId, type NodeType } from '../core/node-id';
import type { Subscription } from './subscription.entity';

/** References of a subscription, recorded as the global IDs clients know. */
const REFERENCES: Partial<Record<keyof Subscription, NodeType>> = {
  customerId: 'Customer',
  offerId: 'Offer',
  orderId: 'Order',
  billingPartnerId: 'Partner',
  partnerOfRecordId: 'Partner',
  supportContactId: 'Partner',
  servicePartnerId: 'Partner',
};

export const SUBSCRIPTION_AUDIT_FIELDS = [
  'customerId',
  'offerId',
  'orderId',
  'channel',
  'billingPartnerId',
  'partnerOfRecordId',
  'supportContactId',
  'servicePartnerId',
  'friendlyName',
  'quantity',
  'status',
  'suspensionReason',
  'version',
  'startedAt',
  'termEndsAt',
  'cancelledAt',
] as const satisfies ReadonlyArray<keyof Subscription>;

export type SubscriptionAuditField = (typeof SUBSCRIPTION_AUDIT_FIELDS)[number];

/** The old or new value of an audit record: the named fields, references as global IDs. */
export function subscriptionAuditValue(
  s: Subscription,
  fields: readonly SubscriptionAuditField[] = SUBSCRIPTION_AUDIT_FIELDS,
): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = s[field];
    const type = REFERENCES[field];
    value[field] = type && typeof raw === 'number' ? toGlobalId(type, raw) : raw;
  }
  return value;
}

/** Every organization a subscription involves: each may read its audit records. */
export function subscriptionParties(s: Subscription): Array<number | null> {
  return [
    s.customerId,
    s.billingPartnerId,
    s.partnerOfRecordId,
    s.supportContactId,
    s.servicePartnerId,
  ];
}
