import type { DataSource } from 'typeorm';
import { syncRegionData } from '../regions/region-sync';

/**
 * Runs pending migrations, then syncs shipped reference data. On MySQL several server
 * processes may start at once: a named lock lets one migrate while the others wait.
 */
export async function migrateDatabase(dataSource: DataSource): Promise<string[]> {
  const mysql = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
  const runner = dataSource.createQueryRunner();
  try {
    if (mysql) {
      const [row] = (await runner.query(
        "SELECT GET_LOCK('csp_partner_graph_migrations', 120) AS locked",
      )) as Array<{ locked: number }>;
      if (Number(row?.locked) !== 1)
        throw new Error('Timed out waiting for another process to finish migrating');
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.transaction((manager) => syncRegionData(manager));
    return applied.map((m) => m.name);
  } finally {
    if (mysql)
      await runner
        .query("SELECT RELEASE_LOCK('csp_partner_graph_migrations')")
        .catch(() => undefined);
    await runner.release();
  }
}
