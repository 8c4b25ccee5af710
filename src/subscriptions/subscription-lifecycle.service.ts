import type { WriteContext } from '../core/unit-of-work';
import type { RowLock } from '../db/locked-reads';
import { assertQuantityWithinBounds } from '../catalog/offer.policy';
import { assertCanTransact } from '../partners/partner.policy';
import { assertResellerAssociated, type ResellerAssociation } from './association.policy';
import { readOwnPartner } from './order.policy';
import { SubscriptionStatus, type SuspensionReason } from './subscription-enums';
import type { Subscription } from './subscription.entity';
import {
  assertBillingPartner,
  assertCurrentVersion,
  assertStatusIn,
  findSubscriptionForChange,
  findSubscriptionWithOfferForChange,
  NOT_CANCELLED,
} from './subscription.policy';
import { applySubscriptionChange } from './subscription.writes';

interface VersionedChange {
  subscriptionId: number;
  /** The version the change was decided on; null means "whatever is current". */
  version: number | null;
}

/**
 * The common preamble of a commercial change: the subscription as the caller sees it
 * (NOT_FOUND), changed by its billing partner only (NOT_BILLING_PARTNER), on the current
 * version (CONFLICT). `transacts` adds R-04 for changes that commit the partner to more
 * (quantity, reactivation, associations); suspending and cancelling stay possible for a
 * partner that may no longer transact, so it can wind its business down.
 */
async function subscriptionToChange(
  w: WriteContext,
  change: VersionedChange,
  transacts: boolean,
): Promise<{ subscription: Subscription; version: number }> {
  const subscription = await findSubscriptionForChange(
    w,
    change.subscriptionId,
    undefined,
    lockForChange(change),
  );
  return { subscription, version: await assertMayChange(w, subscription, change, transacts) };
}

/**
 * a change sent without a version applies to the subscription as it is when it runs, so
 * it has nothing to be stale against. Its row is read FOR UPDATE: the version taken from it
 * stays current until commit, and concurrent version-less changes queue instead of failing
 * each other's version check with a CONFLICT their callers never asked for.
 */
function lockForChange(change: VersionedChange): RowLock {
  return change.version == null ? 'update' : 'none';
}

/** The checks of subscriptionToChange on a subscription already read; the version to write on. */
async function assertMayChange(
  w: WriteContext,
  subscription: Subscription,
  change: VersionedChange,
  transacts: boolean,
): Promise<number> {
  assertBillingPartner(w, subscription);
  if (transacts) assertCanTransact(await readOwnPartner(w));
  assertCurrentVersion(subscription, change.version);
  return change.version ?? subscription.version;
}

/** ACTIVE -> SUSPENDED, with a reason. */
export async function suspendSubscription(
  w: WriteContext,
  change: VersionedChange & { reason: SuspensionReason },
): Promise<Subscription> {
  const { subscription, version } = await subscriptionToChange(w, change, false);
  assertStatusIn(subscription, [SubscriptionStatus.ACTIVE], 'suspend');
  return applySubscriptionChange(w, subscription, version, {
    status: SubscriptionStatus.SUSPENDED,
    suspensionReason: change.reason,
  });
}

/** SUSPENDED -> ACTIVE. */
export async function reactivateSubscription(
  w: WriteContext,
  change: VersionedChange,
): Promise<Subscription> {
  const { subscription, version } = await subscriptionToChange(w, change, true);
  assertStatusIn(subscription, [SubscriptionStatus.SUSPENDED], 'reactivate');
  return applySubscriptionChange(w, subscription, version, {
    status: SubscriptionStatus.ACTIVE,
    suspensionReason: null,
  });
}

/** ACTIVE or SUSPENDED -> CANCELLED, for good. */
export async function cancelSubscription(
  w: WriteContext,
  change: VersionedChange,
): Promise<Subscription> {
  const { subscription, version } = await subscriptionToChange(w, change, false);
  assertStatusIn(subscription, NOT_CANCELLED, 'cancel');
  return applySubscriptionChange(w, subscription, version, {
    status: SubscriptionStatus.CANCELLED,
    suspensionReason: null,
    cancelledAt: w.now,
  });
}

/**
 * a new license quantity, only while ACTIVE (INVALID_STATE when suspended or cancelled)
 * and within the offer's bounds (R-23: INVALID_QUANTITY).
 */
export async function changeSubscriptionQuantity(
  w: WriteContext,
  change: VersionedChange & { quantity: number },
): Promise<Subscription> {
  // The offer comes with the subscription (one statement); its regions play no part here.
  const { subscription, offer } = await findSubscriptionWithOfferForChange(
    w,
    change.subscriptionId,
    undefined,
    lockForChange(change),
  );
  const version = await assertMayChange(w, subscription, change, true);
  assertStatusIn(subscription, [SubscriptionStatus.ACTIVE], 'change the quantity of');
  assertQuantityWithinBounds(offer, change.quantity, 'input.quantity');
  return applySubscriptionChange(w, subscription, version, { quantity: change.quantity });
}

/**
 * after the order: the billing partner designates (or, with null, clears) the
 * partner of record or support contact of a subscription that is not cancelled. The reseller is
 * checked now, as at ordering time (RESELLER_NOT_ASSOCIATED).
 */
export async function setSubscriptionReseller(
  w: WriteContext,
  change: VersionedChange & { resellerId: number | null; association: ResellerAssociation },
): Promise<Subscription> {
  const { subscription, version } = await subscriptionToChange(w, change, true);
  assertStatusIn(subscription, NOT_CANCELLED, `change the ${change.association} of`);
  if (change.resellerId !== null) {
    await assertResellerAssociated(w, {
      resellerId: change.resellerId,
      billingPartnerId: subscription.billingPartnerId,
      customerId: subscription.customerId,
      association: change.association,
      field: 'input.resellerId',
    });
  }
  return applySubscriptionChange(
    w,
    subscription,
    version,
    change.association === 'partner of record'
      ? { partnerOfRecordId: change.resellerId }
      : { supportContactId: change.resellerId },
  );
}
