import { EntityManager, type DataSource } from 'typeorm';
import type { Queryable } from './sql';
import { SqliteGate } from './sqlite-gate';

/**
 * How the app talks to its database: `reader` for the read side's statements, `transaction`
 * for every write. On SQLite both pass through a gate (see SqliteGate).
 */
export class Database {
  readonly reader: Queryable;
  readonly isMysql: boolean;
  private readonly gate?: SqliteGate;

  constructor(readonly dataSource: DataSource) {
    this.isMysql = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
    if (this.isMysql) {
      this.reader = dataSource;
    } else {
      const gate = new SqliteGate();
      this.gate = gate;
      this.reader = {
        query: (text: string, params?: unknown[]) =>
          gate.shared(() => dataSource.query(text, params)),
      };
    }
  }

  /**
   * Mutations run at READ COMMITTED on MySQL: under the default REPEATABLE READ a plain read
   * after an earlier one returns the transaction's first snapshot, so a row read after
   * lockRow() could be stale. Invariants rest on unique indexes, row locks and version checks,
   * which hold at any isolation level. The level is set once per pooled connection
   * (`src/db/mysql-session.ts`), not per transaction: one statement less on every mutation.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.gate) return this.dataSource.transaction(work);
    return this.gate.exclusive(() => this.dataSource.transaction(work));
  }

  /**
   * Locks a row for the rest of the transaction (MySQL `FOR UPDATE`); on SQLite the gate
   * already serializes writers. Returns false when the row does not exist.
   */
  async lockRow(manager: EntityManager, table: string, id: number): Promise<boolean> {
    const rows = (await manager.query(
      this.isMysql
        ? `SELECT id FROM ${table} WHERE id = ? FOR UPDATE`
        : `SELECT id FROM ${table} WHERE id = ?`,
      [id],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Runs a write statement and returns how many rows it changed, on both drivers. */
  async execute(
    target: DataSource | EntityManager,
    text: string,
    params: unknown[] = [],
  ): Promise<number> {
    const inTransaction = target instanceof EntityManager && target.queryRunner !== undefined;
    const runner = inTransaction
      ? (target as EntityManager).queryRunner!
      : this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(text, params, true);
      return result.affected ?? 0;
    } finally {
      if (!inTransaction) await runner.release();
    }
  }

  /** Runs an INSERT of one row in a transaction and returns its generated id, on both drivers. */
  async insert(manager: EntityManager, text: string, params: unknown[] = []): Promise<number> {
    const result = await manager.queryRunner!.query(text, params, true);
    // mysql2 answers a ResultSetHeader, better-sqlite3 (through TypeORM) the last row id.
    const raw = result.raw as { insertId?: number } | number | bigint;
    return Number(typeof raw === 'object' && raw !== null ? raw.insertId : raw);
  }

  /** `FOR UPDATE` suffix for hand-written locking reads. */
  get forUpdate(): string {
    return this.isMysql ? ' FOR UPDATE' : '';
  }
}
