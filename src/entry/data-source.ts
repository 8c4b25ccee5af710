import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { buildDataSource, type DataSourceExtras } from '../db/data-source';
import { allEntities } from './modules';

/**
 * The application's DataSource: the database layer's options with every entity of
 * entry/modules.ts. The server, the CLIs, ormconfig.ts (the TypeORM CLI), the tests and the
 * benchmark all open the database through this one function.
 */
export function createDataSource(db: DatabaseConfig, extras: DataSourceExtras = {}): DataSource {
  return buildDataSource(db, allEntities, extras);
}
