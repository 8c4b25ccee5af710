import type { EntityManager } from 'typeorm';
import type { Database } from './database';

/** How long a request waits for a named lock before it is answered as a lock wait timeout. */
const WAIT_SECONDS = 20;

/**
 * Named locks are server-wide: the name is qualified by the database, so that two databases on
 * one server never share a lock, and hashed to stay within MySQL's 64 characters.
 */
const LOCK_NAME = "SHA1(CONCAT(DATABASE(), ':', ?))";

/**
 * Runs `work` holding a MySQL/MariaDB named lock (`GET_LOCK`) on the transaction's connection,
 * released when `work` ends, before the transaction commits or rolls back. It lets only one
 * request at a time proceed past it, for a key that has no row yet to lock. On SQLite the gate
 * already serializes writers, so it only runs `work`.
 *
 * Released before the end of the transaction on purpose: the next request in line may then
 * meet the row the holder wrote (a unique index makes it wait for the holder's commit or
 * rollback), but never more than one such request at a time, and a named lock left behind by a
 * failed release dies with the session at the latest.
 */
export async function withNamedLock<T>(
  db: Pick<Database, 'isMysql'>,
  manager: EntityManager,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!db.isMysql) return work();
  const [row] = (await manager.query(`SELECT GET_LOCK(${LOCK_NAME}, ?) AS got`, [
    name,
    WAIT_SECONDS,
  ])) as Array<{ got: number | string | null }>;
  if (Number(row?.got) !== 1) {
    // Answered like an InnoDB lock wait timeout: the runner retries, then reports unavailable.
    throw Object.assign(new Error(`Timed out waiting for the lock ${name}`), {
      code: 'ER_LOCK_WAIT_TIMEOUT',
    });
  }
  try {
    return await work();
  } finally {
    await manager.query(`SELECT RELEASE_LOCK(${LOCK_NAME})`, [name]).catch(() => undefined);
  }
}
