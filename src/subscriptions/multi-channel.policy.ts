import type { WriteContext } from '../core/unit-of-work';
import { sql } from '../db/sql';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { Organization } from '../organizations/organization.entity';
import { Partner } from '../partners/partner.entity';
import { readRows } from '../db/locked-reads';
import { SubscriptionChannel, SubscriptionStatus } from './subscription-enums';
import type { Subscription } from './subscription.entity';

/**
 * a partner a customer may hire to provision and support a subscription bought
 * elsewhere: any partner that may transact now (ACTIVE, agreement accepted, R-04), read with a
 * shared lock. Anything else, unknown IDs included, is NOT_FOUND with the same message, so the
 * answer reveals nothing about partners that could not be hired anyway.
 */
export async function findHireablePartner(
  w: WriteContext,
  partnerId: number,
  field: string,
): Promise<Partner> {
  const [partner] = await readRows(w, Organization, sql`x.id = ${partnerId}`, 'share');
  if (!(partner instanceof Partner) || !partner.canTransact) {
    throw new RuleViolation(
      UserErrorCode.NOT_FOUND,
      'No partner that can be hired has this ID.',
      field,
    );
  }
  return partner;
}

/**
 * a customer hires partners only for its own subscriptions bought elsewhere; one ordered
 * through a partner is serviced by its billing partner (INVALID_STATE). `forHire` also refuses
 * a cancelled one.
 */
export function assertExternalSubscription(subscription: Subscription, forHire: boolean): void {
  if (subscription.channel !== SubscriptionChannel.ELSEWHERE) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      'This subscription was ordered through a partner; only subscriptions bought elsewhere have a hired service partner (R-28).',
      'input.subscriptionId',
    );
  }
  if (forHire && subscription.status === SubscriptionStatus.CANCELLED) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      'A cancelled subscription cannot get a service partner.',
      'input.subscriptionId',
    );
  }
}
