import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createDataSource } from '../entry/data-source';
import { migrateDatabase } from '../entry/migrate';

/** `npm run migrate`: applies pending migrations and syncs the shipped region data. */
async function main(): Promise<void> {
  const dataSource = createDataSource(loadConfig().database);
  await dataSource.initialize();
  try {
    const applied = await migrateDatabase(dataSource);
    process.stdout.write(
      applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
