import type { WriteContext } from '../core/unit-of-work';
import { assertOfferSoldTo, assertQuantityWithinBounds } from '../catalog/offer.policy';
import { findOfferForWrite, type OfferWithRegions } from '../catalog/offer.writes';
import type { Customer } from '../customers/customer.entity';
import { toGlobalId } from '../core/node-id';
import type { Partner } from '../partners/partner.entity';
import { assertResellerAssociated, type ResellerAssociation } from './association.policy';
import { Order } from './order.entity';
import { subscriptionAuditValue, subscriptionParties } from './subscription.audit';
import { SubscriptionChannel, SubscriptionStatus } from './subscription-enums';
import { Subscription } from './subscription.entity';
import { termEndFor } from './subscription-term';

export interface OrderLineRequest {
  offerId: number;
  quantity: number;
  partnerOfRecordId?: number | null;
  supportContactId?: number | null;
  friendlyName?: string | null;
  /** input path for userErrors, e.g. 'input.lines.0' */
  field: string;
}

/**
 * Places an order of `lines` for `customer`, billed by `billingPartner`: one Order and one
 * ACTIVE subscription per line, with their audit records. Every line is checked before
 * anything is written:
 * - the offer exists (NOT_FOUND), can still be ordered and is sold in the customer's CSP
 *   region (OFFER_NOT_AVAILABLE), and the quantity is within its bounds (INVALID_QUANTITY);
 * - a partner of record or support contact is associated (RESELLER_NOT_ASSOCIATED).
 *
 * It does not check who may order nor idempotency: its callers (`placeOrder`,
 * adding a customer with its first subscriptions) do, in the same transaction.
 */
export async function placeOrderLines(
  w: WriteContext,
  args: {
    customer: Customer;
    billingPartner: Partner;
    lines: OrderLineRequest[];
    idempotencyKey: string;
  },
): Promise<{ order: Order; subscriptions: Subscription[] }> {
  const { customer, billingPartner, lines, idempotencyKey } = args;
  const offers = new Map<number, OfferWithRegions>();
  const associated = new Set<string>();
  const assertAssociated = async (
    resellerId: number | null | undefined,
    association: ResellerAssociation,
    field: string,
  ) => {
    if (resellerId == null || associated.has(`${association}:${resellerId}`)) return;
    await assertResellerAssociated(w, {
      resellerId,
      billingPartnerId: billingPartner.id,
      customerId: customer.id,
      association,
      field,
    });
    associated.add(`${association}:${resellerId}`);
  };

  for (const line of lines) {
    const offerField = `${line.field}.offerId`;
    let found = offers.get(line.offerId);
    if (!found) {
      found = await findOfferForWrite(w, line.offerId, offerField);
      offers.set(line.offerId, found);
    }
    assertOfferSoldTo(found.offer, found.regionCodes, customer, offerField);
    assertQuantityWithinBounds(found.offer, line.quantity, `${line.field}.quantity`);
    await assertAssociated(
      line.partnerOfRecordId,
      'partner of record',
      `${line.field}.partnerOfRecordId`,
    );
    await assertAssociated(
      line.supportContactId,
      'support contact',
      `${line.field}.supportContactId`,
    );
  }

  const order = Object.assign(new Order(), {
    customerId: customer.id,
    billingPartnerId: billingPartner.id,
    placedByUserId: w.viewer.userId,
    idempotencyKey,
    createdAt: w.now,
  });
  order.id = (await w.manager.insert(Order, order)).identifiers[0].id as number;

  const subscriptions: Subscription[] = [];
  for (const line of lines) {
    const { offer } = offers.get(line.offerId)!;
    const subscription = Object.assign(new Subscription(), {
      customerId: customer.id,
      offerId: offer.id,
      orderId: order.id,
      channel: SubscriptionChannel.PARTNER,
      billingPartnerId: billingPartner.id,
      partnerOfRecordId: line.partnerOfRecordId ?? null,
      supportContactId: line.supportContactId ?? null,
      servicePartnerId: null,
      friendlyName: line.friendlyName ?? offer.name,
      quantity: line.quantity,
      status: SubscriptionStatus.ACTIVE,
      suspensionReason: null,
      version: 1,
      startedAt: w.now,
      termEndsAt: termEndFor(offer.billingCycle, w.now),
      cancelledAt: null,
      createdAt: w.now,
      updatedAt: w.now,
    });
    subscription.id = (await w.manager.insert(Subscription, subscription)).identifiers[0]
      .id as number;
    subscriptions.push(subscription);
  }

  await w.audit({
    resourceType: 'Order',
    resourceId: order.id,
    newValue: {
      customerId: toGlobalId('Customer', customer.id),
      billingPartnerId: toGlobalId('Partner', billingPartner.id),
      idempotencyKey,
      subscriptionIds: subscriptions.map((s) => toGlobalId('Subscription', s.id)),
    },
    organizations: [...new Set(subscriptions.flatMap(subscriptionParties))],
  });
  for (const subscription of subscriptions) {
    await w.audit({
      resourceType: 'Subscription',
      resourceId: subscription.id,
      newValue: subscriptionAuditValue(subscription),
      organizations: subscriptionParties(subscription),
    });
  }
  return { order, subscriptions };
}
