import type { WriteContext } from '../core/unit-of-work';
import { assertOfferSoldTo, assertQuantityWithinBounds } from '../catalog/offer.policy';
import { findOfferForWrite } from '../catalog/offer.writes';
import {
  CustomerRelationship,
  CustomerRelationshipStatus,
  RelationshipOrigin,
} from '../customers/customer-relationship.entity';
import { Customer } from '../customers/customer.entity';
import { runSql, sql } from '../db/sql';
import { toGlobalId } from '../core/node-id';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { readRows } from '../db/locked-reads';
import { assertExternalSubscription, findHireablePartner } from './multi-channel.policy';
import { subscriptionAuditValue, subscriptionParties } from './subscription.audit';
import { SubscriptionChannel, SubscriptionStatus } from './subscription-enums';
import { Subscription } from './subscription.entity';
import { assertCurrentVersion, findSubscriptionForChange } from './subscription.policy';
import { applySubscriptionChange } from './subscription.writes';

/**
 * The caller's own customer organization, locked for update: a customer's multi-channel changes
 * run one at a time, so two hires ending together cannot both leave a relationship behind.
 */
async function lockOwnCustomer(w: WriteContext): Promise<Customer> {
  await w.lockRow('organization', w.viewer.organizationId);
  const customer = await w.manager.findOne(Customer, { where: { id: w.viewer.organizationId } });
  if (!customer)
    throw new RuleViolation(UserErrorCode.NOT_FOUND, 'Your organization is not a customer.');
  return customer;
}

function relationshipAuditValue(r: CustomerRelationship) {
  return {
    partnerId: toGlobalId('Partner', r.partnerId),
    status: r.status,
    resellerRelationship: r.resellerRelationship,
    delegatedAdmin: r.delegatedAdmin,
    origin: r.origin,
  };
}

async function liveRelationship(w: WriteContext, customerId: number, partnerId: number) {
  const [relationship] = await readRows(
    w,
    CustomerRelationship,
    sql`x.customer_id = ${customerId} AND x.partner_id = ${partnerId}
        AND x.status = ${CustomerRelationshipStatus.ACTIVE}`,
    'share',
  );
  return relationship ?? null;
}

/**
 * the hired partner needs admin access to provision and support the subscription. A
 * customer that already has a relationship with it keeps that one unchanged (R-21 spirit:
 * nothing existing is altered); otherwise the hire creates a delegated-admin relationship of
 * origin MULTI_CHANNEL, which `releaseServiceRelationship` removes when the last hire ends.
 */
async function ensureServiceRelationship(
  w: WriteContext,
  customerId: number,
  partnerId: number,
): Promise<void> {
  if (await liveRelationship(w, customerId, partnerId)) return;
  const relationship = Object.assign(new CustomerRelationship(), {
    customerId,
    partnerId,
    status: CustomerRelationshipStatus.ACTIVE,
    liveKey: 1,
    resellerRelationship: false,
    delegatedAdmin: true,
    origin: RelationshipOrigin.MULTI_CHANNEL,
    createdAt: w.now,
    updatedAt: w.now,
    removedAt: null,
  });
  relationship.id = (await w.manager.insert(CustomerRelationship, relationship)).identifiers[0]
    .id as number;
  await w.audit({
    resourceType: 'CustomerRelationship',
    resourceId: relationship.id,
    newValue: relationshipAuditValue(relationship),
    organizations: [customerId, partnerId],
  });
}

/**
 * The counterpart of `ensureServiceRelationship`: once a partner services none of the
 * customer's subscriptions any more, the MULTI_CHANNEL relationship its hire created is
 * removed. Relationships of any other origin, or that became reseller relationships, stay.
 */
async function releaseServiceRelationship(
  w: WriteContext,
  subscription: Subscription,
  partnerId: number,
): Promise<void> {
  const relationship = await liveRelationship(w, subscription.customerId, partnerId);
  if (
    !relationship ||
    relationship.origin !== RelationshipOrigin.MULTI_CHANNEL ||
    relationship.resellerRelationship
  ) {
    return;
  }
  const [{ n }] = await runSql<{ n: number | string }>(
    w.manager,
    sql`SELECT COUNT(*) AS n FROM subscription
        WHERE customer_id = ${subscription.customerId} AND service_partner_id = ${partnerId}
          AND id <> ${subscription.id}`,
  );
  if (Number(n) > 0) return;
  await w.manager.update(
    CustomerRelationship,
    { id: relationship.id },
    {
      status: CustomerRelationshipStatus.REMOVED,
      liveKey: null,
      removedAt: w.now,
      updatedAt: w.now,
    },
  );
  await w.audit({
    resourceType: 'CustomerRelationship',
    resourceId: relationship.id,
    oldValue: relationshipAuditValue(relationship),
    newValue: {
      ...relationshipAuditValue(relationship),
      status: CustomerRelationshipStatus.REMOVED,
    },
    organizations: [subscription.customerId, partnerId],
  });
}

/**
 * a customer admin records a subscription its organization bought elsewhere (channel
 * ELSEWHERE, no billing partner), optionally hiring a partner to provision and support it. The
 * offer must exist and suit the customer as for an order.
 */
export async function recordExternalSubscription(
  w: WriteContext,
  request: {
    offerId: number;
    quantity: number;
    friendlyName: string | null;
    servicePartnerId: number | null;
  },
): Promise<Subscription> {
  const customer = await lockOwnCustomer(w);
  const { offer, regionCodes } = await findOfferForWrite(w, request.offerId, 'input.offerId');
  assertOfferSoldTo(offer, regionCodes, customer, 'input.offerId');
  assertQuantityWithinBounds(offer, request.quantity, 'input.quantity');
  if (request.servicePartnerId !== null) {
    await findHireablePartner(w, request.servicePartnerId, 'input.servicePartnerId');
    await ensureServiceRelationship(w, customer.id, request.servicePartnerId);
  }
  const subscription = Object.assign(new Subscription(), {
    customerId: customer.id,
    offerId: offer.id,
    orderId: null,
    channel: SubscriptionChannel.ELSEWHERE,
    billingPartnerId: null,
    partnerOfRecordId: null,
    supportContactId: null,
    servicePartnerId: request.servicePartnerId,
    friendlyName: request.friendlyName ?? offer.name,
    quantity: request.quantity,
    status: SubscriptionStatus.ACTIVE,
    suspensionReason: null,
    version: 1,
    startedAt: w.now,
    termEndsAt: null,
    cancelledAt: null,
    createdAt: w.now,
    updatedAt: w.now,
  });
  subscription.id = (await w.manager.insert(Subscription, subscription)).identifiers[0]
    .id as number;
  await w.audit({
    resourceType: 'Subscription',
    resourceId: subscription.id,
    newValue: subscriptionAuditValue(subscription),
    organizations: subscriptionParties(subscription),
  });
  return subscription;
}

/**
 * the customer hires a partner to provision and support one of its subscriptions bought
 * elsewhere, replacing any partner hired before. The partner can then read and support it, but
 * never change its commercial terms (NOT_BILLING_PARTNER).
 */
export async function hireServicePartner(
  w: WriteContext,
  request: { subscriptionId: number; partnerId: number; version: number | null },
): Promise<Subscription> {
  const customer = await lockOwnCustomer(w);
  const subscription = await findSubscriptionForChange(w, request.subscriptionId);
  assertExternalSubscription(subscription, true);
  assertCurrentVersion(subscription, request.version);
  await findHireablePartner(w, request.partnerId, 'input.partnerId');
  if (subscription.servicePartnerId === request.partnerId) return subscription;
  await ensureServiceRelationship(w, customer.id, request.partnerId);
  const previous = subscription.servicePartnerId;
  const after = await applySubscriptionChange(
    w,
    subscription,
    request.version ?? subscription.version,
    { servicePartnerId: request.partnerId },
  );
  if (previous !== null) await releaseServiceRelationship(w, after, previous);
  return after;
}

/** the customer ends the hire; the partner loses what the hire gave it. */
export async function endServicePartnerHire(
  w: WriteContext,
  request: { subscriptionId: number; version: number | null },
): Promise<Subscription> {
  await lockOwnCustomer(w);
  const subscription = await findSubscriptionForChange(w, request.subscriptionId);
  assertExternalSubscription(subscription, false);
  assertCurrentVersion(subscription, request.version);
  const previous = subscription.servicePartnerId;
  if (previous === null) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      'No partner is hired for this subscription.',
      'input.subscriptionId',
    );
  }
  const after = await applySubscriptionChange(
    w,
    subscription,
    request.version ?? subscription.version,
    { servicePartnerId: null },
  );
  await releaseServiceRelationship(w, after, previous);
  return after;
}
