import type { Connection } from 'mysql2/promise';
import { decodeGlobalId } from '../src/core/node-id';
import type { Ledger } from './workload';

/**
 * `--tamper`: the verifier's own test. Before verifying it damages the database the way a
 * broken server would (an acknowledged change loses its audit record, an order is stored twice,
 * a subscription drifts from its acknowledged state), so the verdict must come out FAIL.
 */
export async function tamper(conn: Connection, ledger: Ledger): Promise<string[]> {
  const done: string[] = [];
  const change = ledger.changes[0];
  if (change) {
    await conn.query(
      `DELETE l FROM audit_record_organization l JOIN audit_record a ON a.id = l.audit_record_id
       WHERE a.request_id = ?`,
      [change.requestId],
    );
    await conn.query('DELETE FROM audit_record WHERE request_id = ?', [change.requestId]);
    done.push(`deleted the audit record of acknowledged request ${change.requestId}`);
  }
  const order = ledger.orders[0];
  if (order) {
    await conn.query(
      `INSERT INTO csp_order (customer_id, billing_partner_id, placed_by_user_id, idempotency_key, created_at)
       SELECT customer_id, billing_partner_id, placed_by_user_id, idempotency_key, created_at
       FROM csp_order WHERE id = ?`,
      [decodeGlobalId(order.orderId)?.id],
    );
    done.push(`stored order ${order.idempotencyKey} a second time`);
  }
  const subscription = [...ledger.subscriptions.values()].at(-1);
  if (subscription) {
    await conn.query('UPDATE subscription SET quantity = quantity + 1 WHERE id = ?', [
      decodeGlobalId(subscription.id)?.id,
    ]);
    done.push(`changed the quantity of ${subscription.id} behind the API`);
  }
  return done;
}
