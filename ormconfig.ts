import 'reflect-metadata';
import { loadConfig } from './src/config/config';
import { createDataSource } from './src/entry/data-source';

/**
 * The DataSource shared by the TypeORM CLI and the app (same entities, migrations, naming):
 *   npm run typeorm -- migration:show
 *   npm run typeorm -- migration:run
 */
export default createDataSource(loadConfig().database);
