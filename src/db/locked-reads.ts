import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Database } from './database';
import { and, runSql, sql, Sql, type Hydrator, type SqlValue } from './sql';

/**
 * How a write reads a row its decision depends on. `share` (`LOCK IN SHARE MODE`, written out
 * because TypeORM would send MariaDB a `FOR SHARE` it does not know) lets concurrent readers in
 * and makes writers of the row wait until commit; `update` (`FOR UPDATE`) makes both wait;
 * `none` is a plain read. Locking reads always see the latest committed row, so a decision
 * taken on one (a partnership is ACTIVE, an invitation unused) holds until the transaction
 * ends. SQLite needs no clause: its gate serializes writers (see Database).
 */
export type RowLock = 'none' | 'share' | 'update';

/** What a locking read needs of the transaction it runs in (a WriteContext is one). */
export interface RowReader {
  readonly manager: EntityManager;
  readonly db: Pick<Database, 'isMysql'>;
  hydrator<T extends ObjectLiteral>(target: EntityTarget<T>, alias: string): Hydrator<T>;
}

export function lockClause(db: Pick<Database, 'isMysql'>, lock: RowLock): Sql {
  if (!db.isMysql || lock === 'none') return Sql.raw('');
  return Sql.raw(lock === 'update' ? ' FOR UPDATE' : ' LOCK IN SHARE MODE');
}

/**
 * Rows of `target`'s table (aliased `alias`, `x` by default, in `where`) in id order, read with
 * `lock`. Several rows are always locked in the same (id) order, so two transactions never
 * wait on each other in a cycle over them.
 */
export async function readRows<T extends ObjectLiteral>(
  w: RowReader,
  target: EntityTarget<T>,
  where: Sql,
  lock: RowLock = 'update',
  alias = 'x',
): Promise<T[]> {
  const table = w.manager.connection.getMetadata(target).tableName;
  const rows = w.hydrator(target, alias);
  const a = Sql.raw(alias);
  const found = await runSql(
    w.manager,
    sql`SELECT ${rows.columns} FROM ${Sql.raw(table)} ${a} WHERE ${where} ORDER BY ${a}.id${lockClause(w.db, lock)}`,
  );
  return rows.many(found);
}

/** One row matching column values given by property name, or null. */
export async function findLocked<T extends ObjectLiteral>(
  w: RowReader,
  target: EntityTarget<T>,
  where: Partial<Record<keyof T & string, SqlValue>>,
  lock: RowLock,
): Promise<T | null> {
  const metadata = w.manager.connection.getMetadata(target);
  const conditions = Object.entries(where).map(([property, value]) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    return sql`x.${Sql.raw(column.databaseName)} = ${value as SqlValue}`;
  });
  const [row] = await readRows(w, target, and(conditions), lock);
  return row ?? null;
}
