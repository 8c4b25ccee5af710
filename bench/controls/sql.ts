import { type CountingPool } from './common';

/**
 * R-30 for a partner caller, written by hand for the controls: the same rules as
 * src/access/visibility.ts, specialised to the one kind of caller the benchmark uses (a
 * provider's user). `?` stands for the caller's organization; each predicate says how many.
 */
export const visible = {
  /** Customers: an active relationship with the caller, or the caller serves a subscription. */
  customer: (a: string) => ({
    text: `(EXISTS (SELECT 1 FROM customer_relationship vr WHERE vr.customer_id = ${a}.id AND vr.partner_id = ? AND vr.status = 'ACTIVE')
      OR EXISTS (SELECT 1 FROM subscription vs WHERE vs.customer_id = ${a}.id AND (vs.billing_partner_id = ? OR vs.partner_of_record_id = ? OR vs.support_contact_id = ? OR vs.service_partner_id = ?)))`,
    params: 5,
  }),
  /** Subscriptions: the caller bills, is partner of record, support or service partner, or administers the customer. */
  subscription: (a: string) => ({
    text: `(? IN (${a}.billing_partner_id, ${a}.partner_of_record_id, ${a}.support_contact_id, ${a}.service_partner_id)
      OR EXISTS (SELECT 1 FROM customer_relationship vr WHERE vr.customer_id = ${a}.customer_id AND vr.partner_id = ? AND vr.status = 'ACTIVE' AND vr.delegated_admin = 1))`,
    params: 2,
  }),
};

export const times = (n: number, v: number) => Array<number>(n).fill(v);

export interface Page<T> {
  rows: T[];
  hasNext: boolean;
}

/** Rows per parent, each parent's first `limit` (ROW_NUMBER), plus whether more follow. */
export function byParent<T extends { parent_id: number }>(
  rows: T[],
  parentIds: readonly number[],
  limit: number,
): Map<number, Page<T>> {
  const pages = new Map<number, Page<T>>(parentIds.map((id) => [id, { rows: [], hasNext: false }]));
  for (const row of rows) {
    const page = pages.get(Number(row.parent_id))!;
    if (page.rows.length < limit) page.rows.push(row);
    else page.hasNext = true;
  }
  return pages;
}

export const inList = (n: number) => `(${Array(n).fill('?').join(', ')})`;

type Counter = { count: number };

/** Q2, level 1: the provider's partnerships and resellers, in partnership order. */
export function resellersPage(db: CountingPool, sql: Counter, me: number, limit: number) {
  return db.query<{ id: number; name: string; pid: number }>(
    sql,
    `SELECT o.id, o.name, p.id AS pid FROM partnership p JOIN organization o ON o.id = p.reseller_id
     WHERE p.provider_id = ? ORDER BY p.id LIMIT ?`,
    [me, limit + 1],
  );
}

/**
 * Q2, level 2: the visible customers of each reseller (active relationship), first n each; none
 * for a reseller whose partnership with the caller has never been ACTIVE (R-30 section 7).
 */
export async function customersOfResellers(
  db: CountingPool,
  sql: Counter,
  me: number,
  resellerIds: readonly number[],
  limit: number,
) {
  if (resellerIds.length === 0) return new Map<number, Page<any>>();
  const v = visible.customer('o');
  const rows = await db.query<{ id: number; name: string; parent_id: number }>(
    sql,
    `SELECT id, name, parent_id FROM (
       SELECT o.id, o.name, r.partner_id AS parent_id,
              ROW_NUMBER() OVER (PARTITION BY r.partner_id ORDER BY o.id) AS rn
       FROM customer_relationship r JOIN organization o ON o.id = r.customer_id
       WHERE r.partner_id IN ${inList(resellerIds.length)} AND r.status = 'ACTIVE' AND ${v.text}
         AND EXISTS (SELECT 1 FROM partnership dp WHERE dp.provider_id = ?
                     AND dp.reseller_id = r.partner_id
                     AND (dp.accepted_at IS NOT NULL OR dp.state IN ('ACTIVE', 'SUSPENDED')))
     ) t WHERE rn <= ? ORDER BY parent_id, rn`,
    [...resellerIds, ...times(v.params, me), me, limit + 1],
  );
  return byParent(rows, resellerIds, limit);
}

/** Q2, level 3 with the offer joined: the visible subscriptions of each customer, first n each. */
export async function subscriptionsOfCustomers(
  db: CountingPool,
  sql: Counter,
  me: number,
  customerIds: readonly number[],
  limit: number,
) {
  if (customerIds.length === 0) return new Map<number, Page<any>>();
  const v = visible.subscription('s');
  const rows = await db.query<{
    id: number;
    quantity: number;
    status: string;
    offer_id: number;
    offer_name: string;
    parent_id: number;
  }>(
    sql,
    `SELECT t.id, t.quantity, t.status, t.parent_id, f.id AS offer_id, f.name AS offer_name FROM (
       SELECT s.id, s.quantity, s.status, s.offer_id, s.customer_id AS parent_id,
              ROW_NUMBER() OVER (PARTITION BY s.customer_id ORDER BY s.id) AS rn
       FROM subscription s
       WHERE s.customer_id IN ${inList(customerIds.length)} AND ${v.text}
     ) t JOIN offer f ON f.id = t.offer_id WHERE t.rn <= ? ORDER BY t.parent_id, t.rn`,
    [...customerIds, ...times(v.params, me), limit + 1],
  );
  return byParent(rows, customerIds, limit);
}

export interface QuantityChange {
  subscriptionId: number;
  quantity: number;
  version: number;
}

export type QuantityChangeResult =
  | { ok: true; id: number; quantity: number; version: number }
  | { ok: false; code: string; field: string | null; message: string };

/** Roles that may change subscriptions (the graph's Capability.MANAGE_SUBSCRIPTIONS). */
const MANAGE_SUBSCRIPTIONS = ['GLOBAL_ADMIN', 'ADMIN_AGENT', 'SALES_AGENT'];

/** A refusal the graph reports as a top-level error, not in `userErrors`. */
export class ControlRequestError extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Q3's work for the controls, as the graph does it, in one transaction: read the acting user
 * and the caller's partner share-locked (R-05: a disabled user or a withdrawn role stops
 * writes at once; R-04: the partner must be ACTIVE and have accepted the agreement), lock the
 * subscription, check R-27/R-28/R-23 and the version, update it, and write the audit record
 * with its organizations. The user and the partner need a share lock and the subscription an
 * exclusive one, so they cannot share a statement.
 */
export function changeQuantity(
  db: CountingPool,
  sql: Counter,
  caller: { userId: number; organizationId: number; roles: readonly string[] },
  requestId: string,
  change: QuantityChange,
): Promise<QuantityChangeResult> {
  const me = caller.organizationId;
  if (!caller.roles.some((role) => MANAGE_SUBSCRIPTIONS.includes(role))) {
    throw new ControlRequestError('FORBIDDEN', 'changeSubscriptionQuantity needs another role.');
  }
  return db.transaction(sql, async (q) => {
    const [acting] = (await q(
      `SELECT u.organization_id, u.status, u.roles, x.status AS partner_status,
              x.agreement_accepted_at
       FROM app_user u LEFT JOIN organization x ON x.id = ?
       WHERE u.id = ? LOCK IN SHARE MODE`,
      [me, caller.userId],
    )) as any[];
    if (!acting || acting.status !== 'ACTIVE' || acting.organization_id !== me) {
      throw new ControlRequestError('UNAUTHENTICATED', 'Your user account is disabled.');
    }
    const held = new Set(String(acting.roles ?? '').split(','));
    if (!caller.roles.some((role) => held.has(role) && MANAGE_SUBSCRIPTIONS.includes(role))) {
      throw new ControlRequestError('FORBIDDEN', 'changeSubscriptionQuantity needs another role.');
    }
    const v = visible.subscription('s');
    const [s] = (await q(
      `SELECT s.id, s.customer_id, s.billing_partner_id, s.partner_of_record_id, s.support_contact_id,
              s.service_partner_id, s.status, s.quantity, s.version, f.min_quantity, f.max_quantity
       FROM subscription s JOIN offer f ON f.id = s.offer_id
       WHERE s.id = ? AND ${v.text} FOR UPDATE`,
      [change.subscriptionId, ...times(v.params, me)],
    )) as any[];
    const fail = (code: string, field: string | null, message: string) =>
      ({ ok: false, code, field, message }) as const;
    if (acting.partner_status !== 'ACTIVE') return fail('PARTNER_NOT_ACTIVE', null, 'Not active.');
    if (!acting.agreement_accepted_at)
      return fail('AGREEMENT_NOT_ACCEPTED', null, 'Agreement not accepted.');
    if (!s) return fail('NOT_FOUND', 'input.subscriptionId', 'No such subscription.');
    if (s.billing_partner_id !== me)
      return fail('NOT_BILLING_PARTNER', 'input.subscriptionId', 'Only the billing partner.');
    if (s.status !== 'ACTIVE') return fail('INVALID_STATE', null, 'Not active.');
    if (change.quantity < s.min_quantity || change.quantity > s.max_quantity)
      return fail('INVALID_QUANTITY', 'input.quantity', 'Out of bounds.');
    if (s.version !== change.version) return fail('CONFLICT', 'input.version', 'Stale version.');
    const now = new Date();
    const stamp = now.toISOString().replace('T', ' ').replace('Z', '');
    await q(
      'UPDATE subscription SET quantity = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?',
      [change.quantity, stamp, s.id, change.version],
    );
    const audit = (await q(
      `INSERT INTO audit_record (occurred_at, request_id, actor_user_id, actor_organization_id, operation,
         resource_type, resource_id, old_value, new_value, outcome)
       VALUES (?, ?, ?, ?, 'changeSubscriptionQuantity', 'Subscription', ?, ?, ?, 'SUCCEEDED')`,
      [
        stamp,
        requestId,
        caller.userId,
        me,
        Buffer.from(`Subscription:${s.id}`).toString('base64url'),
        JSON.stringify({ quantity: s.quantity, version: s.version }),
        JSON.stringify({ quantity: change.quantity, version: s.version + 1 }),
      ],
    )) as { insertId: number };
    const orgs = [
      ...new Set(
        [
          me,
          s.customer_id,
          s.billing_partner_id,
          s.partner_of_record_id,
          s.support_contact_id,
          s.service_partner_id,
        ].filter((id): id is number => id != null),
      ),
    ];
    await q(
      `INSERT INTO audit_record_organization (audit_record_id, organization_id) VALUES ${orgs.map(() => '(?, ?)').join(', ')}`,
      orgs.flatMap((id) => [audit.insertId, id]),
    );
    return { ok: true, id: s.id, quantity: change.quantity, version: s.version + 1 };
  });
}
