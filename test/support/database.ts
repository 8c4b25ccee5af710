import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../src/config/config';
import { loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/entry/data-source';
import { migrateDatabase } from '../../src/entry/migrate';
import { clearChannel } from '../../src/entry/seed/seed';

/** True when the suite runs against MySQL/MariaDB (DATABASE_URL set), false on SQLite. */
export const onMysql = Boolean(process.env.DATABASE_URL);

/**
 * Each Jest worker gets a database of its own on the shared server (`test_w3`...), so that
 * files running in parallel never see each other's rows; on SQLite each file gets memory.
 */
export async function testDatabaseConfig(): Promise<DatabaseConfig> {
  if (!onMysql) return { type: 'sqlite', file: ':memory:' };
  const base = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    NODE_ENV: 'test',
    JWT_SECRET: 'x'.repeat(32),
  }).database;
  if (base.type === 'sqlite') throw new Error('DATABASE_URL must be a mysql:// or mariadb:// URL');
  const url = new URL(base.url);
  const name = `${url.pathname.slice(1)}_w${process.env.JEST_WORKER_ID ?? '1'}`;
  const admin = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  await admin.query(
    `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  await admin.end();
  url.pathname = `/${name}`;
  return { type: base.type, url: url.toString(), poolSize: 10 };
}

/** A migrated, empty database (reference data only). */
export async function openTestDataSource(): Promise<DataSource> {
  const dataSource = createDataSource(await testDatabaseConfig());
  await dataSource.initialize();
  await migrateDatabase(dataSource);
  await clearChannel(dataSource);
  return dataSource;
}
