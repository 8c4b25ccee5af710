/**
 * `npm run soak`: minutes of mixed reads and writes against the production build while the
 * database is stopped, killed and restarted and a server is restarted; then SQL checks that
 * every acknowledged write is stored exactly once and nothing is half-written, and RSS over
 * time. `npm run soak -- --help` for the options.
 */
import 'reflect-metadata';
import { TokenService } from '../src/identity/tokens';
import { SoakClient } from './client';
import { DisposableMariaDb, prepareDatabase, type Channel } from './database';
import { injectFaults } from './faults';
import { HELP, parseOptions, type SoakOptions } from './options';
import { renderMarkdown, writeResult } from './report';
import { sampleRssEverySecond } from './rss';
import { redisAnswers, ServerFleet } from './servers';
import { assemble } from './summary';
import { tamper } from './tamper';
import { verify } from './verify';
import { newLedger, runClient } from './workload';

const JWT_SECRET = 'soak-only-secret-not-for-production-0123456789';
const log = (message: string) => process.stdout.write(`[soak] ${message}\n`);

function serverEnv(db: DisposableMariaDb, redisUrl: string | undefined): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    DB_POOL_SIZE: '8',
    JWT_SECRET,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    REPORT_SQL_COUNT: 'false',
    SEED_EMPTY_DATABASE: 'false',
    // Rate limiting stays on (through Redis when it answers) with a budget the soak never
    // exhausts: the limiter's own bookkeeping is part of what must not leak.
    RATE_LIMIT_POINTS_PER_MINUTE: '1000000000',
    RATE_LIMIT_KEY_PREFIX: `soak:${process.pid}:`,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
}

/** Tokens of the provider's global admin (the writer) and of a reseller (a second tenant). */
async function tokensFor(channel: Channel): Promise<{ token: string; resellerToken: string }> {
  const tokens = new TokenService({
    jwtSecret: JWT_SECRET,
    issuer: 'csp-partner-graph',
    audience: 'csp-partner-graph',
    tokenTtlSeconds: 3600 * 4,
    secretIsLocal: false,
  });
  const sign = (who: { userId: number; organizationId: number }) =>
    tokens.sign({ ...who, organizationType: 'PARTNER' as never, roles: ['GLOBAL_ADMIN'] as never });
  return { token: await sign(channel.caller), resellerToken: await sign(channel.resellerUser) };
}

async function main(): Promise<number> {
  let o: SoakOptions | 'help';
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (o === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const options = o;
  const startedAtIso = new Date().toISOString();
  const db = new DisposableMariaDb(options.dbPort, options.dbDir);
  await db.stop(); // a leftover of an interrupted run
  log(`starting a disposable MariaDB on ${options.dbPort} (${options.dbDir})`);
  await db.start();
  let fleet: ServerFleet | undefined;
  const cleanup = async () => {
    await fleet?.stopAll();
    await db.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    const channel = await prepareDatabase(db);
    log(`demo channel seeded: ${channel.customerIds.length} customers to order for`);
    const redis = await redisAnswers(options.redisUrl);
    fleet = new ServerFleet(serverEnv(db, redis ? options.redisUrl : undefined), options.nodeFlags);
    await fleet.start(options.servers, options.portBase);
    log(`servers up on ${fleet.ports().join(', ')} (Redis ${redis ? 'shared' : 'not answering'})`);
    const servers = fleet;
    const { token, resellerToken } = await tokensFor(channel);

    const startedAt = Date.now();
    const deadline = startedAt + options.durationSeconds * 1000;
    const client = new SoakClient(() => servers.livePorts(), startedAt);
    const ledger = newLedger();
    const rss = sampleRssEverySecond(() => servers.firstPid(), startedAt);
    log(
      `load for ${options.durationSeconds} s with ${options.clients} clients, a fault every ${options.faultEverySeconds} s`,
    );
    const progress = setInterval(() => {
      const t = Math.round((Date.now() - startedAt) / 1000);
      const sent = [...client.counts.values()].reduce((a, b) => a + b, 0);
      log(
        `${t} s: ${client.served} OK of ${sent}, ${ledger.orders.length} orders, ${ledger.changes.length} changes acknowledged, RSS ${rss.samples.at(-1)?.mb.toFixed(0)} MB`,
      );
    }, 15_000);
    const [faults] = await Promise.all([
      injectFaults(
        {
          db,
          readyPorts: () => servers.ports(),
          restartServer: () => servers.restartLast(),
        },
        startedAt,
        deadline,
        options.faultEverySeconds,
        options.outageSeconds,
        log,
      ),
      ...Array.from({ length: options.clients }, () =>
        runClient({
          client,
          channel,
          token,
          resellerToken,
          ledger,
          deadline,
          retryGraceMs: 30_000,
        }),
      ),
    ]);
    clearInterval(progress);
    rss.stop();
    const durationSeconds = (Date.now() - startedAt) / 1000;
    await servers.stopAll();

    log('verifying against the database');
    const conn = await db.connect();
    if (options.tamper) for (const done of await tamper(conn, ledger)) log(`tamper: ${done}`);
    const verification = await verify(conn, ledger, channel.caller.organizationId).finally(() =>
      conn.end(),
    );
    const result = assemble(
      options,
      startedAtIso,
      redis,
      durationSeconds,
      client,
      ledger,
      faults,
      verification,
      rss.samples,
    );
    const files = writeResult(options.outDir, result);
    process.stdout.write(`\n${renderMarkdown(result)}\n`);
    log(`wrote ${files.join(' and ')}`);
    return result.verdict === 'PASS' ? 0 : 1;
  } catch (error) {
    if (fleet) process.stderr.write(fleet.logTails());
    throw error;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`soak failed: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);
