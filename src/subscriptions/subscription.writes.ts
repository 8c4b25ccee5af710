import type { WriteContext } from '../core/unit-of-work';
import { sql, Sql, joinSql, type SqlValue } from '../db/sql';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import {
  subscriptionAuditValue,
  subscriptionParties,
  type SubscriptionAuditField,
} from './subscription.audit';
import { Subscription } from './subscription.entity';

export type SubscriptionChanges = Partial<
  Pick<
    Subscription,
    | 'quantity'
    | 'status'
    | 'suspensionReason'
    | 'cancelledAt'
    | 'partnerOfRecordId'
    | 'supportContactId'
    | 'servicePartnerId'
  >
>;

/**
 * Applies a change to a subscription read earlier in this transaction, and audits it with the
 * old and new values. The version check and the increment are one atomic
 * `UPDATE ... WHERE id = ? AND version = ?` with the version the change was decided on:
 * a stale version, or the second of two concurrent changes decided on the same version, matches
 * no row and is refused with CONFLICT, so no update is ever lost. Every change of a
 * subscription goes through here, so every change moves the version on.
 */
export async function applySubscriptionChange(
  w: WriteContext,
  before: Subscription,
  expectedVersion: number,
  changes: SubscriptionChanges,
): Promise<Subscription> {
  const metadata = w.manager.connection.getMetadata(Subscription);
  const fields = Object.keys(changes) as Array<keyof SubscriptionChanges>;
  const assignments = fields.map((field) => {
    const column = metadata.findColumnWithPropertyName(field)!.databaseName;
    return sql`${Sql.raw(column)} = ${(changes[field] ?? null) as SqlValue}`;
  });
  const statement = sql`UPDATE subscription SET ${joinSql(assignments, ', ')},
      version = version + 1, updated_at = ${w.now}
    WHERE id = ${before.id} AND version = ${expectedVersion}`;
  const changed = await w.execute(statement.text, [...statement.params]);
  if (changed !== 1) {
    throw new RuleViolation(
      UserErrorCode.CONFLICT,
      `The subscription changed since version ${expectedVersion} was read; read it again and retry.`,
      'input.version',
    );
  }
  // The UPDATE matched the version `before` was read at, and every change of a subscription
  // moves the version on (see above), so the row is `before` with these changes: no re-read.
  const after = Object.assign(new Subscription(), before, changes, {
    version: expectedVersion + 1,
    updatedAt: w.now,
  });
  const audited: SubscriptionAuditField[] = [...fields, 'version'];
  await w.audit({
    resourceType: 'Subscription',
    resourceId: before.id,
    oldValue: subscriptionAuditValue(before, audited),
    newValue: subscriptionAuditValue(after, audited),
    organizations: [...subscriptionParties(before), ...subscriptionParties(after)],
  });
  return after;
}
