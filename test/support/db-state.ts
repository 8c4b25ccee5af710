import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

const TABLES = [
  'organization',
  'app_user',
  'provider_authorization',
  'provider_profile',
  'partnership',
  'partnership_invitation',
  'customer_relationship',
  'relationship_request',
  'offer',
  'offer_region',
  'csp_order',
  'subscription',
  'idempotency_record',
  'audit_record',
  'audit_record_organization',
  'email_outbox',
];

export interface DbState {
  counts: Record<string, number>;
  hashes: Record<string, string>;
}

/** Row counts and a hash of every row of every table: what "changed nothing" is checked against. */
export async function captureDbState(dataSource: DataSource): Promise<DbState> {
  const counts: Record<string, number> = {};
  const hashes: Record<string, string> = {};
  // In parallel: on MySQL each table comes over its own pooled connection.
  const tables = await Promise.all(
    TABLES.map(
      (table) =>
        dataSource.query(`SELECT * FROM ${table}`) as Promise<Array<Record<string, unknown>>>,
    ),
  );
  TABLES.forEach((table, i) => {
    const lines = tables[i].map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
    counts[table] = tables[i].length;
    hashes[table] = createHash('sha256').update(lines.join('\n')).digest('hex');
  });
  return { counts, hashes };
}

/** Runs `action` and asserts that no row of any table was added, removed or changed. */
export async function expectDbUnchanged<T>(
  dataSource: DataSource,
  action: () => Promise<T>,
): Promise<T> {
  const before = await captureDbState(dataSource);
  const result = await action();
  const after = await captureDbState(dataSource);
  expect(after.counts).toEqual(before.counts);
  expect(after.hashes).toEqual(before.hashes);
  return result;
}

export async function countRows(
  dataSource: DataSource,
  table: string,
  where = '1=1',
  params: unknown[] = [],
): Promise<number> {
  const [row] = (await dataSource.query(
    `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`,
    params,
  )) as Array<{ n: number }>;
  return Number(row.n);
}
