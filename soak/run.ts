/**
 * `npm run soak`: minutes of mixed reads and writes against the production build while the
 * database is stopped, killed and restarted and a server is restarted; then SQL checks that
 * every acknowledged write is stored exactly once and nothing is half-written, and RSS over
 * time. `npm run soak -- --help` for the options.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import { TokenService } from '../src/identity/tokens';
import { startProcess, stopProcess, type ServerProcess } from '../bench/processes';
import { SoakClient } from './client';
import { DisposableMariaDb, prepareDatabase } from './database';
import { injectFaults, type FaultRecord } from './faults';
import { HELP, parseOptions, type SoakOptions } from './options';
import {
  machineDescription,
  verdictFailures,
  writeResult,
  renderMarkdown,
  type SoakResult,
} from './report';
import { sampleRssEverySecond, summarizeRss } from './rss';
import { tamper } from './tamper';
import { verify } from './verify';
import { newLedger, runClient } from './workload';

const JWT_SECRET = 'soak-only-secret-not-for-production-0123456789';
const SERVER_SCRIPT = resolve(__dirname, '../src/main.js');
const log = (message: string) => process.stdout.write(`[soak] ${message}\n`);

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** A server slot: the process in it changes when the fault injector restarts it. */
interface Slot {
  name: string;
  port: number;
  process: ServerProcess;
  /** Out of the client's rotation (a load balancer's health check) while it drains. */
  draining: boolean;
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
  const slots: Slot[] = [];
  const cleanup = async () => {
    for (const s of slots) await stopProcess(s.process).catch(() => undefined);
    await db.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    const channel = await prepareDatabase(db);
    log(
      `demo channel seeded: ${channel.customerIds.length} customers to order for, ${channel.offers.length} offers`,
    );
    const redis = await redisAnswers(options.redisUrl);
    const env: Record<string, string> = {
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
      ...(redis ? { REDIS_URL: options.redisUrl } : {}),
    };
    for (let i = 0; i < options.servers; i++) {
      const name = `server${i + 1}`;
      const port = options.portBase + i;
      slots.push({
        name,
        port,
        process: await startProcess(name, SERVER_SCRIPT, port, env, options.nodeFlags),
        draining: false,
      });
    }
    log(
      `servers up on ${slots.map((s) => s.port).join(', ')} (Redis ${redis ? 'shared' : 'not answering'})`,
    );

    const tokens = new TokenService({
      jwtSecret: JWT_SECRET,
      issuer: 'csp-partner-graph',
      audience: 'csp-partner-graph',
      tokenTtlSeconds: 3600 * 4,
      secretIsLocal: false,
    });
    const sign = (who: { userId: number; organizationId: number }) =>
      tokens.sign({
        ...who,
        organizationType: 'PARTNER' as never,
        roles: ['GLOBAL_ADMIN'] as never,
      });
    const token = await sign(channel.caller);
    const resellerToken = await sign(channel.resellerUser);

    const startedAt = Date.now();
    const deadline = startedAt + options.durationSeconds * 1000;
    const client = new SoakClient(
      () => slots.filter((s) => !s.draining).map((s) => s.port),
      startedAt,
    );
    const ledger = newLedger();
    // The first server is never restarted: its RSS is the one that must stay flat.
    const rss = sampleRssEverySecond(() => slots[0].process.child.pid, startedAt);
    const restartServer = async (): Promise<number | null | false> => {
      if (slots.length < 2) return false;
      const slot = slots[slots.length - 1];
      slot.draining = true;
      const exited = new Promise<number | null>((r) =>
        slot.process.child.once('exit', (code) => r(code)),
      );
      await stopProcess(slot.process, 15_000);
      const code = await exited;
      slot.process = await startProcess(
        slot.name,
        SERVER_SCRIPT,
        slot.port,
        env,
        options.nodeFlags,
      );
      slot.draining = false;
      return code;
    };
    log(
      `load for ${options.durationSeconds} s with ${options.clients} clients, a fault every ${options.faultEverySeconds} s`,
    );
    const progress = setInterval(() => {
      const t = Math.round((Date.now() - startedAt) / 1000);
      log(
        `${t} s: ${client.served} OK of ${[...client.counts.values()].reduce((a, b) => a + b, 0)}, ${ledger.orders.length} orders, ${ledger.changes.length} changes acknowledged, RSS ${rss.samples.at(-1)?.mb.toFixed(0)} MB`,
      );
    }, 15_000);
    const [faults] = await Promise.all([
      injectFaults(
        { db, readyPorts: () => slots.map((s) => s.port), restartServer },
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
    for (const s of slots) await stopProcess(s.process);

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
    for (const s of slots) {
      process.stderr.write(`--- ${s.name} log (tail)\n${s.process.log.join('').slice(-3000)}\n`);
    }
    throw error;
  } finally {
    await cleanup();
  }
}

function assemble(
  options: SoakOptions,
  startedAt: string,
  redis: boolean,
  durationSeconds: number,
  client: SoakClient,
  ledger: ReturnType<typeof newLedger>,
  faults: FaultRecord[],
  verification: SoakResult['verification'],
  samples: SoakResult['rssSamples'],
): SoakResult {
  const bucket = 15;
  const timeline: SoakResult['timeline'] = [];
  for (let from = 0; from < client.timeline.length; from += bucket) {
    const seconds = client.timeline.slice(from, from + bucket);
    const rssIn = samples.filter((s) => s.t >= from && s.t < from + bucket).map((s) => s.mb);
    timeline.push({
      from,
      ok: seconds.reduce((a, s) => a + s[0], 0),
      failed: seconds.reduce((a, s) => a + s[1], 0),
      rssMb: rssIn.reduce((a, b) => a + b, 0) / Math.max(1, rssIn.length),
      faults: faults.filter((f) => f.at >= from && f.at < from + bucket).map((f) => f.kind),
    });
  }
  const requests = [...client.counts.values()].reduce((a, b) => a + b, 0);
  const tail = client.timeline.slice(-bucket);
  const { outDir: _outDir, ...shown } = options;
  const partial = {
    startedAt,
    options: shown,
    machine: machineDescription(),
    redis,
    durationSeconds,
    requests,
    served: client.served,
    rps: requests / durationSeconds,
    errorsByCode: Object.fromEntries([...client.counts.entries()].sort()),
    latencyByCode: Object.fromEntries(
      [...client.latencies.entries()].sort().map(([code, ms]) => {
        const sorted = [...ms].sort((a, b) => a - b);
        const at = (q: number) =>
          sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        return [code, { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] }];
      }),
    ),
    retries: ledger.retries,
    abandonedWrites: ledger.abandoned,
    timeline,
    faults,
    verification,
    rss: summarizeRss(samples, durationSeconds),
    rssSamples: samples,
    okAtEnd: tail.reduce((a, s) => a + s[0], 0),
  };
  const failures = verdictFailures(partial);
  return { ...partial, failures, verdict: failures.length ? 'FAIL' : 'PASS' };
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`soak failed: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);
