import 'reflect-metadata';
import pino from 'pino';
import { App } from '../src/entry/app';
import { openDatabase } from '../src/entry/open-database';
import { loadConfig } from '../src/config/config';
import { User } from '../src/identity/user.entity';
import { Organization } from '../src/organizations/organization.entity';

/**
 * What resolving the caller against the stored user adds to an authenticated request,
 * without load: the same token verified N times alone (what every request paid before), then
 * verified and resolved (CallerResolver.fromToken: one primary-key statement). Wall time is one
 * round trip to MariaDB; CPU is this process's only. Runs on its own database (demo data is
 * seeded into an empty one), never on `bench`:
 *
 *   npm run build && DATABASE_URL=mysql://root@127.0.0.1:3306/caller_cost node dist/bench/caller-cost.js
 */
async function measure(label: string, n: number, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 300; i++) await fn();
  const times: number[] = [];
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const wall = Number(process.hrtime.bigint() - started) / 1000 / n;
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(n - 1, Math.floor(n * q))].toFixed(1);
  process.stdout.write(
    `${label}: wall ${wall.toFixed(1)} µs/req (p50 ${at(0.5)}, p99 ${at(0.99)}), CPU ${((used.user + used.system) / n).toFixed(1)} µs/req\n`,
  );
}

async function main(): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/caller_cost',
    JWT_SECRET: 'caller-cost-secret-that-is-long-enough',
    SEED_EMPTY_DATABASE: 'true',
    RATE_LIMIT_POINTS_PER_MINUTE: '0',
  });
  const { database } = config;
  if (database.type !== 'sqlite' && new URL(database.url).pathname === '/bench')
    throw new Error('caller-cost seeds its own data: give it a database other than `bench`.');
  const logger = pino({ level: 'warn' });
  const dataSource = await openDatabase(config, logger);
  const app = new App(config, dataSource, logger);
  try {
    const user = await dataSource
      .getRepository(User)
      .findOneByOrFail({ email: 'sales@contosodistribution.example' });
    const org = await dataSource
      .getRepository(Organization)
      .findOneByOrFail({ id: user.organizationId });
    const token = await app.tokens.sign({
      userId: user.id,
      organizationId: org.id,
      organizationType: org.type,
      roles: user.roles,
    });
    const n = Number(process.env.N ?? 3000);
    for (let round = 1; round <= 2; round++) {
      await measure(`round ${round} verify only`, n, () => app.tokens.verify(token));
      await measure(`round ${round} verify + stored caller`, n, () => app.callers.fromToken(token));
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
