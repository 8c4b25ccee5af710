import type { DataSource } from 'typeorm';
import { decodeGlobalId } from '../../../src/core/node-id';
import { countRows } from '../../support/db-state';
import type { GqlResult } from '../../support/test-server';

/**
 * Shared by the race tests: fire many identical (or nearly identical) mutations at once over
 * HTTP, then sort the answers. The point is the database's real locks and unique indexes on
 * MariaDB (READ COMMITTED, see src/db/database.ts); SQLite serialises writers, and the same
 * assertions must hold there too.
 */

/** How many requests each race fires at once. */
export const PARALLEL = 50;

/** Starts `n` requests at once (`make(i)` builds the i-th) and waits for all of them. */
export function race<T>(n: number, make: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => make(i)));
}

/** One answer of a race: acknowledged (no userErrors) or refused with a userError code. */
export interface Outcome {
  ok: boolean;
  /** The userError code when refused; 'OK' when acknowledged. */
  code: string;
  /** The mutation's payload (`data[field]`). */
  payload: any;
}

/**
 * The payload of every answer. A top-level error (INTERNAL_SERVER_ERROR from a lost race, a
 * deadlock that ran out of retries, a rate limit...) fails the test with what the server said:
 * a race must end in a clear userError, never in a masked failure.
 */
export function outcomes(
  results: GqlResult[],
  field: string,
  /** Top-level codes that are a proper answer in this race (e.g. UNAUTHENTICATED for a disabled actor). */
  allowedTopLevel: readonly string[] = [],
): Outcome[] {
  const topLevel = (r: GqlResult) => r.errors?.[0]?.extensions?.code as string | undefined;
  const broken = results.filter(
    (r) => (r.errors?.length || !r.data?.[field]) && !allowedTopLevel.includes(topLevel(r) ?? ''),
  );
  if (broken.length > 0) {
    const codes = broken.map((r) => r.errors?.[0]?.extensions?.code ?? `HTTP ${r.status}`);
    throw new Error(
      `${broken.length} of ${results.length} ${field} requests failed at the top level: ` +
        `${JSON.stringify(codes)} (first: ${JSON.stringify(broken[0].errors)})`,
    );
  }
  return results.map((r) => {
    if (r.errors?.length) return { ok: false, code: topLevel(r)!, payload: null };
    const payload = r.data[field];
    const errors = payload.userErrors as Array<{ code: string }>;
    return { ok: errors.length === 0, code: errors[0]?.code ?? 'OK', payload };
  });
}

/** How many answers carried each code: `{ OK: 1, INVITATION_INVALID: 49 }`. */
export function tally(list: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of list) counts[o.code] = (counts[o.code] ?? 0) + 1;
  return counts;
}

/** Audit records of one operation on one resource, named by its global ID. */
export function auditCount(
  dataSource: DataSource,
  operation: string,
  resourceGlobalId: string,
): Promise<number> {
  return countRows(dataSource, 'audit_record', 'operation = ? AND resource_id = ?', [
    operation,
    resourceGlobalId,
  ]);
}

/** The numeric row ID inside a global ID. */
export function rowId(globalId: string): number {
  return decodeGlobalId(globalId)!.id;
}
