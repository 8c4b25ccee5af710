import type { WriteContext } from '../core/unit-of-work';
import { Offer } from '../catalog/offer.entity';
import { and, runSql, sql } from '../db/sql';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { findVisibleForWrite } from '../access/visible-for-write';
import type { RowLock } from '../db/locked-reads';
import { Visibility } from '../access/visibility';
import { SubscriptionStatus } from './subscription-enums';
import { Subscription } from './subscription.entity';
import { subscriptionById } from './subscription.reads';

/**
 * R-30 in writes: the subscription named in an input, if the caller may see it; NOT_FOUND
 * otherwise, exactly as for an unknown ID. `lock` as in readRows.
 */
export async function findSubscriptionForChange(
  w: WriteContext,
  subscriptionId: number,
  field = 'input.subscriptionId',
  lock: RowLock = 'none',
): Promise<Subscription> {
  const subscription = await findVisibleForWrite(w, subscriptionById, subscriptionId, lock);
  if (!subscription)
    throw new RuleViolation(UserErrorCode.NOT_FOUND, 'No such subscription.', field);
  return subscription;
}

/**
 * findSubscriptionForChange with the subscription's offer in the same statement, for changes
 * that check the offer's rules (R-23 quantity bounds). Same R-30 predicate, same NOT_FOUND.
 * A locked read takes the offer in a second statement: locking the join would lock the offer
 * row too and queue every locked change of any subscription to that offer.
 */
export async function findSubscriptionWithOfferForChange(
  w: WriteContext,
  subscriptionId: number,
  field = 'input.subscriptionId',
  lock: RowLock = 'none',
): Promise<{ subscription: Subscription; offer: Offer }> {
  if (lock !== 'none') {
    const subscription = await findSubscriptionForChange(w, subscriptionId, field, lock);
    const offer = await w.manager.findOneByOrFail(Offer, { id: subscription.offerId });
    return { subscription, offer };
  }
  const subscriptions = w.hydrator(Subscription, 's');
  const offers = w.hydrator(Offer, 'so');
  const [row] = await runSql(
    w.manager,
    sql`SELECT ${subscriptions.columns}, ${offers.columns}
      FROM subscription s JOIN offer so ON so.id = s.offer_id
      WHERE ${and([sql`s.id = ${subscriptionId}`, new Visibility(w.viewer).subscription('s')])}`,
  );
  if (!row) throw new RuleViolation(UserErrorCode.NOT_FOUND, 'No such subscription.', field);
  return { subscription: subscriptions.one(row), offer: offers.one(row) };
}

/**
 * R-27 and R-28: only the billing partner changes a subscription's commercial terms (quantity,
 * status, partner of record, support contact). A partner of record, support contact, delegated
 * admin or hired service partner can read it but not change them; a subscription bought
 * elsewhere has no billing partner, so nobody here changes its terms.
 */
export function assertBillingPartner(w: WriteContext, subscription: Subscription): void {
  if (
    subscription.billingPartnerId === null ||
    subscription.billingPartnerId !== w.viewer.organizationId
  ) {
    throw new RuleViolation(
      UserErrorCode.NOT_BILLING_PARTNER,
      subscription.billingPartnerId === null
        ? 'This subscription was bought elsewhere (R-28): its commercial terms are not changed through a partner.'
        : 'Only the billing partner of this subscription changes its commercial terms.',
    );
  }
}

/**
 * R-27 optimistic concurrency: a change names the version it was decided on; a stale one is
 * CONFLICT. `applySubscriptionChange` repeats the check atomically in its UPDATE, which is what
 * makes it hold under concurrency; this early check only answers before any other work.
 */
export function assertCurrentVersion(
  subscription: Subscription,
  version: number | null | undefined,
  field = 'input.version',
): void {
  if (version != null && version !== subscription.version) {
    throw new RuleViolation(
      UserErrorCode.CONFLICT,
      `The subscription changed since you read it (version ${version}, now ${subscription.version}); read it again and retry.`,
      field,
    );
  }
}

/** R-27 lifecycle: ACTIVE <-> SUSPENDED -> CANCELLED; any other move is INVALID_STATE. */
export function assertStatusIn(
  subscription: Subscription,
  allowed: readonly SubscriptionStatus[],
  action: string,
): void {
  if (!allowed.includes(subscription.status)) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      `Cannot ${action} a ${subscription.status} subscription (allowed: ${allowed.join(', ')}).`,
    );
  }
}

/** Statuses in which a subscription's partner associations may still change. */
export const NOT_CANCELLED = [SubscriptionStatus.ACTIVE, SubscriptionStatus.SUSPENDED] as const;
