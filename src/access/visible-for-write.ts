import type { ObjectLiteral } from 'typeorm';
import type { WriteContext } from '../core/unit-of-work';
import { readRows, type RowLock } from '../db/locked-reads';
import { and, sql, Sql } from '../db/sql';
import type { ByIdSpec } from './by-id';
import { Visibility } from './visibility';

/**
 * R-30 in writes: the object with this id if the caller may see it, else null, so that an
 * input naming an out-of-scope object is answered exactly like one naming an unknown object.
 * Uses the read side's predicate (`spec.visible`), so reads and
 * writes never disagree.
 */
export async function findVisibleForWrite<T extends ObjectLiteral>(
  w: WriteContext,
  spec: ByIdSpec<T>,
  id: number,
  lock: RowLock = 'none',
): Promise<T | null> {
  const [row] = await readRows(
    w,
    spec.target,
    and([sql`${Sql.raw(spec.alias)}.id = ${id}`, spec.visible(new Visibility(w.viewer))]),
    lock,
    spec.alias,
  );
  return row ?? null;
}
