import type { Connection } from 'mysql2/promise';
import { decodeGlobalId } from '../src/core/node-id';
import type { Ledger } from './workload';

const CHANGE_OPERATIONS = [
  'changeSubscriptionQuantity',
  'suspendSubscription',
  'reactivateSubscription',
];

export interface Verification {
  orders: { acked: number; found: number };
  customers: { acked: number; found: number };
  changes: { acked: number; found: number };
  /** Orders (per idempotency key) and customers (per tenant domain) stored more than once. */
  duplicates: number;
  /** Committed although the client never got an acknowledgement (its answer was lost). */
  committedWithoutAck: { orders: number; customers: number; changes: number };
  /** The changes among them: what their client was answered, and when. */
  unackedCommits: Array<{
    requestId: string;
    operation: string;
    code?: string;
    at?: number;
    ms?: number;
  }>;
  /** Rows of one write found without the rest of it (an order without subscriptions, a version
   *  without its audit record, a missing idempotency record). */
  halfWritten: number;
  /** Subscriptions whose row differs from what their client last saw acknowledged. */
  finalStateMismatches: number;
  problems: string[];
}

const numericId = (globalId: string) => decodeGlobalId(globalId)?.id ?? -1;

/** Reads the database after the run and compares it with what the clients were told. */
export async function verify(
  conn: Connection,
  ledger: Ledger,
  callerOrganizationId: number,
): Promise<Verification> {
  const problems: string[] = [];
  const note = (problem: string) => {
    if (problems.length < 20) problems.push(problem);
  };
  const rows = async (sql: string, params: unknown[] = []): Promise<any[]> =>
    ((await conn.query(sql, params)) as any)[0];
  const v: Verification = {
    orders: { acked: ledger.orders.length, found: 0 },
    customers: { acked: ledger.customers.length, found: 0 },
    changes: { acked: ledger.changes.length, found: 0 },
    duplicates: 0,
    committedWithoutAck: { orders: 0, customers: 0, changes: 0 },
    unackedCommits: [],
    halfWritten: 0,
    finalStateMismatches: 0,
    problems,
  };

  // Orders: one row per idempotency key, with exactly the subscriptions the answer listed.
  const orderRows = await rows(
    'SELECT id, idempotency_key AS k FROM csp_order WHERE billing_partner_id = ?',
    [callerOrganizationId],
  );
  const ordersByKey = new Map<string, number[]>();
  for (const r of orderRows) ordersByKey.set(r.k, [...(ordersByKey.get(r.k) ?? []), r.id]);
  const subsByOrder = new Map<number, number[]>();
  for (const r of await rows(
    'SELECT id, order_id AS o FROM subscription WHERE order_id IS NOT NULL',
  ))
    subsByOrder.set(r.o, [...(subsByOrder.get(r.o) ?? []), r.id]);
  const idempotencyKeys = new Map<string, number>();
  for (const r of await rows(
    'SELECT idempotency_key AS k, COUNT(*) AS c FROM idempotency_record GROUP BY organization_id, idempotency_key',
  ))
    idempotencyKeys.set(String(r.k).toLowerCase(), Number(r.c));
  for (const [key, ids] of ordersByKey) {
    if (ids.length > 1) {
      v.duplicates += ids.length - 1;
      note(`order key ${key} stored ${ids.length} times`);
    }
  }
  const ackedKeys = new Set<string>();
  for (const order of ledger.orders) {
    ackedKeys.add(order.idempotencyKey);
    const ids = ordersByKey.get(order.idempotencyKey) ?? [];
    const subs = (subsByOrder.get(numericId(order.orderId)) ?? []).sort((a, b) => a - b);
    const expected = order.subscriptionIds.map(numericId).sort((a, b) => a - b);
    if (ids.length === 1 && ids[0] === numericId(order.orderId) && same(subs, expected))
      v.orders.found++;
    else note(`acknowledged order ${order.idempotencyKey} not found as answered`);
  }
  for (const key of ledger.orderKeysSent) {
    const ids = ordersByKey.get(key);
    if (!ids) continue;
    if (!ackedKeys.has(key)) v.committedWithoutAck.orders++;
    for (const id of ids) {
      if (!subsByOrder.get(id)?.length || (idempotencyKeys.get(key) ?? 0) !== 1) {
        v.halfWritten++;
        note(`order ${id} (key ${key}) lacks its subscriptions or idempotency record`);
      }
    }
  }

  // Customers: one organization per tenant domain, related to the caller.
  const customerRows = await rows(
    `SELECT o.id, o.tenant_domain AS d,
       (SELECT COUNT(*) FROM customer_relationship r WHERE r.customer_id = o.id AND r.partner_id = ?) AS rel
     FROM organization o WHERE o.tenant_domain LIKE 'soak%'`,
    [callerOrganizationId],
  );
  const customersByPrefix = new Map<string, Array<{ id: number; rel: number }>>();
  for (const r of customerRows) {
    const prefix = String(r.d).split('.')[0];
    customersByPrefix.set(prefix, [
      ...(customersByPrefix.get(prefix) ?? []),
      { id: r.id, rel: Number(r.rel) },
    ]);
  }
  const ackedPrefixes = new Set<string>();
  for (const c of ledger.customers) {
    ackedPrefixes.add(c.tenantDomainPrefix);
    const found = customersByPrefix.get(c.tenantDomainPrefix) ?? [];
    if (found.length === 1 && found[0].id === numericId(c.customerId) && found[0].rel === 1)
      v.customers.found++;
    else note(`acknowledged customer ${c.tenantDomainPrefix} not found as answered`);
  }
  for (const [prefix, found] of customersByPrefix) {
    if (found.length > 1) {
      v.duplicates += found.length - 1;
      note(`tenant ${prefix} stored ${found.length} times`);
    }
    if (!ackedPrefixes.has(prefix) && ledger.customerPrefixesSent.has(prefix))
      v.committedWithoutAck.customers++;
    for (const f of found) {
      if (f.rel !== 1) {
        v.halfWritten++;
        note(`customer ${prefix} without its relationship`);
      }
    }
  }

  // Changes: each acknowledged one has exactly one audit record, under its request ID, with
  // the version the client was told.
  const audits = await rows(
    `SELECT request_id AS r, resource_id AS s, operation AS op, new_value AS nv FROM audit_record
     WHERE operation IN (?) AND request_id LIKE 'soak-%'`,
    [CHANGE_OPERATIONS],
  );
  const auditsByRequest = new Map<string, any[]>();
  const auditsBySubscription = new Map<string, number>();
  for (const a of audits) {
    auditsByRequest.set(a.r, [...(auditsByRequest.get(a.r) ?? []), a]);
    auditsBySubscription.set(a.s, (auditsBySubscription.get(a.s) ?? 0) + 1);
  }
  const ackedRequests = new Set<string>();
  for (const change of ledger.changes) {
    ackedRequests.add(change.requestId);
    const found = auditsByRequest.get(change.requestId) ?? [];
    const version = found.length === 1 ? JSON.parse(found[0].nv ?? '{}').version : undefined;
    if (
      found.length === 1 &&
      found[0].s === change.subscriptionId &&
      found[0].op === change.operation &&
      version === change.version
    )
      v.changes.found++;
    else note(`acknowledged ${change.operation} ${change.requestId} not found as answered`);
  }
  for (const [requestId, found] of auditsByRequest) {
    if (ackedRequests.has(requestId)) continue;
    v.committedWithoutAck.changes++;
    v.unackedCommits.push({
      requestId,
      operation: found[0].op,
      ...ledger.failedAttempts.get(requestId),
    });
  }

  // Every subscription the run created: its row as its client last saw it, and one audit
  // record per version step (a version without its audit record is a half-written change).
  const created = [...ledger.subscriptions.values()];
  const current = new Map<number, any>();
  for (let i = 0; i < created.length; i += 1000) {
    const chunk = created.slice(i, i + 1000).map((s) => numericId(s.id));
    if (!chunk.length) continue;
    for (const r of await rows(
      'SELECT id, version, quantity, status FROM subscription WHERE id IN (?)',
      [chunk],
    ))
      current.set(r.id, r);
  }
  for (const s of created) {
    const row = current.get(numericId(s.id));
    if (!row) {
      v.finalStateMismatches++;
      note(`subscription ${s.id} is missing`);
      continue;
    }
    if (
      !s.stale &&
      (row.version !== s.version || row.quantity !== s.quantity || row.status !== s.status)
    ) {
      v.finalStateMismatches++;
      note(`subscription ${s.id}: database ${JSON.stringify(row)}, client saw v${s.version}`);
    }
    const steps = row.version - s.initialVersion;
    if ((auditsBySubscription.get(s.id) ?? 0) !== steps) {
      v.halfWritten++;
      note(
        `subscription ${s.id}: ${steps} version steps, ${auditsBySubscription.get(s.id) ?? 0} audit records`,
      );
    }
  }
  return v;
}

function same(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
