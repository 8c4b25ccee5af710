import { createDataSource } from '../../src/entry/data-source';
import { migrateDatabase } from '../../src/entry/migrate';
import { testDatabaseConfig } from '../support/database';

describe('migrations', () => {
  test('produce exactly the schema the entities describe, and roll back cleanly', async () => {
    const dataSource = createDataSource(await testDatabaseConfig());
    await dataSource.initialize();
    try {
      await migrateDatabase(dataSource);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      const regions = (await dataSource.query('SELECT COUNT(*) AS n FROM csp_region')) as Array<{
        n: number;
      }>;
      expect(Number(regions[0].n)).toBeGreaterThanOrEqual(5);

      // Undo every migration, then apply them again: down() must be a real inverse.
      for (let i = 0; i < dataSource.migrations.length; i++)
        await dataSource.undoLastMigration({ transaction: 'each' });
      const tables = await dataSource.driver.createSchemaBuilder().log();
      expect(tables.upQueries.length).toBeGreaterThan(0);
      await migrateDatabase(dataSource);
      expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
