import type { DataSource } from 'typeorm';

/**
 * Database invariants that must hold whatever the mutations were sent, each a query returning
 * the rows that break it (none when it holds). Plain SQL shared by SQLite and MariaDB.
 */
const INVARIANTS: Array<[string, string]> = [
  [
    'R-13 at most one live partnership per provider-reseller pair',
    `SELECT provider_id, reseller_id, COUNT(*) AS n FROM partnership
      WHERE state <> 'REVOKED' GROUP BY provider_id, reseller_id HAVING COUNT(*) > 1`,
  ],
  [
    'R-13 live_key is 1 exactly while the partnership is not REVOKED',
    `SELECT id, state, live_key FROM partnership
      WHERE (state = 'REVOKED' AND live_key IS NOT NULL)
         OR (state <> 'REVOKED' AND (live_key IS NULL OR live_key <> 1))`,
  ],
  [
    'R-13 partnership states are the documented ones',
    `SELECT id, state FROM partnership WHERE state NOT IN ('INVITED', 'ACTIVE', 'SUSPENDED', 'REVOKED')`,
  ],
  [
    'R-20 at most one live relationship per customer and partner',
    `SELECT customer_id, partner_id, COUNT(*) AS n FROM customer_relationship
      WHERE status = 'ACTIVE' GROUP BY customer_id, partner_id HAVING COUNT(*) > 1`,
  ],
  [
    "R-23 subscription quantities within the offer's bounds",
    `SELECT s.id, s.quantity, o.min_quantity, o.max_quantity FROM subscription s
       JOIN offer o ON o.id = s.offer_id
      WHERE s.quantity < o.min_quantity OR s.quantity > o.max_quantity`,
  ],
  [
    'R-27 subscription status, version and cancellation are consistent',
    `SELECT id, status, version FROM subscription
      WHERE status NOT IN ('ACTIVE', 'SUSPENDED', 'CANCELLED') OR version < 1
         OR (status = 'CANCELLED' AND cancelled_at IS NULL)`,
  ],
  [
    // Compared as the user sees them: case and surrounding spaces make no other tenant or user.
    'unique tenant domains, MPN IDs and user emails',
    `SELECT LOWER(TRIM(tenant_domain)) AS v FROM organization WHERE tenant_domain IS NOT NULL
      GROUP BY LOWER(TRIM(tenant_domain)) HAVING COUNT(*) > 1
     UNION ALL
     SELECT TRIM(mpn_id) AS v FROM organization WHERE mpn_id IS NOT NULL
      GROUP BY TRIM(mpn_id) HAVING COUNT(*) > 1
     UNION ALL
     SELECT LOWER(TRIM(email)) AS v FROM app_user
      GROUP BY LOWER(TRIM(email)) HAVING COUNT(*) > 1`,
  ],
  [
    'R-31 every audit record is readable by at least one organization',
    `SELECT a.id FROM audit_record a
      WHERE NOT EXISTS (SELECT 1 FROM audit_record_organization x WHERE x.audit_record_id = a.id)`,
  ],
  [
    'no orphan rows',
    `SELECT 'app_user' AS t, u.id FROM app_user u
       LEFT JOIN organization o ON o.id = u.organization_id WHERE o.id IS NULL
     UNION ALL SELECT 'partnership', p.id FROM partnership p
       LEFT JOIN organization a ON a.id = p.provider_id
       LEFT JOIN organization b ON b.id = p.reseller_id WHERE a.id IS NULL OR b.id IS NULL
     UNION ALL SELECT 'partnership_invitation', i.id FROM partnership_invitation i
       LEFT JOIN partnership p ON p.id = i.partnership_id WHERE p.id IS NULL
     UNION ALL SELECT 'customer_relationship', r.id FROM customer_relationship r
       LEFT JOIN organization c ON c.id = r.customer_id
       LEFT JOIN organization p ON p.id = r.partner_id WHERE c.id IS NULL OR p.id IS NULL
     UNION ALL SELECT 'subscription', s.id FROM subscription s
       LEFT JOIN organization c ON c.id = s.customer_id
       LEFT JOIN offer o ON o.id = s.offer_id
       LEFT JOIN csp_order r ON r.id = s.order_id
      WHERE c.id IS NULL OR o.id IS NULL OR (s.order_id IS NOT NULL AND r.id IS NULL)
     UNION ALL SELECT 'csp_order', r.id FROM csp_order r
       LEFT JOIN organization c ON c.id = r.customer_id WHERE c.id IS NULL
     UNION ALL SELECT 'provider_authorization', a.id FROM provider_authorization a
       LEFT JOIN organization o ON o.id = a.provider_id WHERE o.id IS NULL
     UNION ALL SELECT 'audit_record_organization', x.audit_record_id
       FROM audit_record_organization x
       LEFT JOIN audit_record a ON a.id = x.audit_record_id WHERE a.id IS NULL`,
  ],
];

/** Names and offending rows of the invariants that do not hold. */
export async function brokenInvariants(
  ds: DataSource,
): Promise<Array<{ invariant: string; rows: unknown[] }>> {
  const broken: Array<{ invariant: string; rows: unknown[] }> = [];
  for (const [invariant, sql] of INVARIANTS) {
    const rows = (await ds.query(sql)) as unknown[];
    if (rows.length > 0) broken.push({ invariant, rows: rows.slice(0, 5) });
  }
  return broken;
}

/**
 * R-31 for the successful calls: each one's request wrote an audit record of its operation.
 * Returns the calls without one (a replayed idempotent call writes none and is not listed).
 */
export async function unaudited(
  ds: DataSource,
  calls: ReadonlyArray<{ requestId: string; operation: string }>,
): Promise<Array<{ requestId: string; operation: string }>> {
  const missing: Array<{ requestId: string; operation: string }> = [];
  for (const call of calls) {
    const rows = (await ds.query(
      'SELECT COUNT(*) AS n FROM audit_record WHERE request_id = ? AND operation = ?',
      [call.requestId, call.operation],
    )) as Array<{ n: number | string }>;
    if (Number(rows[0].n) === 0) missing.push(call);
  }
  return missing;
}
