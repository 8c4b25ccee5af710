import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { migrations } from './migrations';
import { SnakeNamingStrategy } from './naming-strategy';
import { mysqlWithSessionSetup } from './mysql-session';
import { CountingSqlLogger } from './sql-counter';

export interface DataSourceExtras {
  logQueries?: boolean;
}

/** `entities`: every entity of the process; the entry assembles the list from the domains. */
export function dataSourceOptions(
  db: DatabaseConfig,
  entities: readonly Function[],
  extras: DataSourceExtras = {},
): DataSourceOptions {
  const common = {
    entities: [...entities] as Function[],
    migrations,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    logger: new CountingSqlLogger(extras.logQueries ?? false),
    synchronize: false,
  } as const;
  if (db.type !== 'sqlite') {
    return {
      ...common,
      type: db.type,
      // mysql2 whose pooled connections start at READ COMMITTED (see mysql-session.ts).
      driver: mysqlWithSessionSetup,
      // No stack trace captured for every statement in case it fails (mysql2's default): it
      // cost 3% of a mutation's CPU, and driver errors never reach clients with their stacks.
      trace: false,
      url: db.url,
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      poolSize: db.poolSize,
      // A request that needs a new connection while the server is down fails within this time
      // (SERVICE_UNAVAILABLE, retryable) instead of hanging; a refused port fails at once.
      connectTimeout: db.connectTimeoutMs ?? 2000,
      extra: {
        connectionLimit: db.poolSize,
        maxIdle: db.poolSize,
        enableKeepAlive: true,
        queueLimit: 500,
      },
    };
  }
  if (db.file !== ':memory:') mkdirSync(dirname(db.file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.file,
    enableWAL: db.file !== ':memory:',
    // One writer at a time: wait for the lock rather than failing with SQLITE_BUSY.
    timeout: 10_000,
  };
}

export function buildDataSource(
  db: DatabaseConfig,
  entities: readonly Function[],
  extras: DataSourceExtras = {},
): DataSource {
  return new DataSource(dataSourceOptions(db, entities, extras));
}
