import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createDataSource } from '../entry/data-source';
import { migrateDatabase } from '../entry/migrate';
import { clearChannel, isChannelEmpty, seedDemoData } from '../entry/seed/seed';

/** `npm run seed [-- --reset]`: loads the demo channel into an empty database (or replaces it). */
async function main(): Promise<void> {
  const reset = process.argv.includes('--reset');
  const config = loadConfig();
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  try {
    await migrateDatabase(dataSource);
    if (!(await isChannelEmpty(dataSource))) {
      if (!reset) {
        process.stdout.write(
          'The database already holds a channel; run `npm run seed -- --reset` to replace it.\n',
        );
        return;
      }
      await clearChannel(dataSource);
    }
    const users = await seedDemoData(dataSource);
    process.stdout.write(
      `Demo channel loaded: ${users.length} users. Try: npm run token -- ${users[1]?.email}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
