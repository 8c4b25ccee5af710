import mysql2 from 'mysql2';

/**
 * Statements every pooled MySQL/MariaDB connection runs once, when it opens. Mutations need
 * READ COMMITTED (see Database.transaction); setting it for the session costs one statement per
 * connection instead of a `SET TRANSACTION ISOLATION LEVEL` before every transaction.
 */
export const SESSION_SETUP = 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED';

interface PoolLike {
  on(event: 'connection', listener: (connection: SetupConnection) => void): unknown;
}

interface SetupConnection {
  query(text: string, callback: (error: Error | null) => void): unknown;
  destroy(): void;
  promise(): unknown;
}

/**
 * mysql2 with a pool that runs SESSION_SETUP on each new connection (TypeORM's `driver` option).
 * The pool emits `connection` before it hands the connection out, and a connection runs its
 * commands in order, so the setup precedes the first statement of any request. A connection
 * whose setup fails is destroyed, so the pool never serves one at the wrong isolation level.
 *
 * TypeORM sends every statement through `connection.promise().query(...)`, and mysql2's
 * `promise()` resolves a `require` and builds a new wrapper on each call (about 2% of the CPU
 * of a small request); the wrapper holds nothing but the connection, so each connection keeps one.
 */
export const mysqlWithSessionSetup = {
  ...mysql2,
  createPool(config: unknown) {
    const pool = mysql2.createPool(config as mysql2.PoolOptions) as unknown as PoolLike;
    pool.on('connection', (connection) => {
      const promised = connection.promise();
      connection.promise = () => promised;
      connection.query(SESSION_SETUP, (error) => {
        if (error) connection.destroy();
      });
    });
    return pool;
  },
};
