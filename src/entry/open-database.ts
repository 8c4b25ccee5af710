import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { createDataSource } from './data-source';
import { migrateDatabase } from './migrate';
import { isChannelEmpty, seedDemoData } from './seed/seed';
import { isDatabaseUnavailable } from '../db/db-errors';
import type { Logger } from '../core/logger';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describeTarget(config: Config): string {
  if (config.database.type === 'sqlite') return `SQLite file ${config.database.file}`;
  const url = new URL(config.database.url);
  return `${config.database.type} at ${url.hostname}:${url.port || 3306}${url.pathname}`;
}

/** Refusals that waiting will not cure: wrong credentials, no such database, no permission. */
const PERMANENT_CODES = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_NOT_SUPPORTED_AUTH_MODE',
  'SQLITE_CANTOPEN',
]);

function isPermanent(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && PERMANENT_CODES.has(code) && !isDatabaseUnavailable(error);
}

/**
 * Connects, retrying while the database is not up yet (a container starting beside us), with a
 * message that says what is being waited for and when the next attempt comes. A refusal that
 * waiting cannot cure (credentials, unknown database) ends start-up at once. Then migrates and,
 * on an empty embedded database, loads the demo channel so that a first `npm start` has
 * something to show.
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  options: { attempts?: number; delayMs?: number } = {},
): Promise<DataSource> {
  const attempts = options.attempts ?? config.databaseConnectAttempts;
  const target = describeTarget(config);
  let dataSource: DataSource | undefined;
  for (let attempt = 1; ; attempt++) {
    dataSource = createDataSource(config.database, { logQueries: config.logQueries });
    try {
      await dataSource.initialize();
      if (attempt > 1) logger.info({ target, attempt }, 'database reachable');
      break;
    } catch (error) {
      const reason = (error as Error).message;
      if (isPermanent(error)) {
        throw new Error(`The ${target} refused the connection: ${reason}. Check DATABASE_URL.`);
      }
      if (attempt >= attempts) {
        throw new Error(
          `Could not connect to the ${target} after ${attempts} attempts: ${reason}. Is it running? (DB_CONNECT_ATTEMPTS sets how long to wait.)`,
        );
      }
      const delayMs = options.delayMs ?? Math.min(500 * attempt, 5000);
      logger.warn(
        { attempt, of: attempts, target, reason, retryInMs: delayMs },
        `waiting for the database: the ${target} is not reachable yet (${reason}); attempt ${attempt} of ${attempts}, next in ${delayMs} ms`,
      );
      await sleep(delayMs);
    }
  }
  if (config.migrateOnStart) {
    const applied = await migrateDatabase(dataSource);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  }
  if (config.seedEmptyDatabase && (await isChannelEmpty(dataSource))) {
    const users = await seedDemoData(dataSource);
    logger.info({ users: users.length }, 'empty database: demo channel loaded');
  }
  logger.info({ target }, 'database ready');
  return dataSource;
}
