/**
 * `npm run bench`: the graph against its controls, in one run, on one machine. See
 * bench/README.md for the method and `npm run bench -- --help` for the options.
 */
import 'reflect-metadata';
import { isDeepStrictEqual } from 'node:util';
import { resolve } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { TokenService } from '../src/identity/tokens';
import { globalId } from './controls/common';
import { generateChannel, recreateDatabase, type Channel } from './generate';
import { runLoad, type LoadTarget } from './load';
import {
  baseVariant,
  onNode,
  OTHER_NODE_QUERIES,
  OTHER_NODE_VARIANTS,
  resolveOtherNode,
} from './node-versions';
import { HELP, parseOptions, type BenchOptions } from './options';
import { cpuMs, sampleRss, startProcess, stopProcess, type ServerProcess } from './processes';
import { benchQueries, countNodes, type BenchQuery } from './queries';
import { median, writeReport, type Measurement, type RunRecord } from './report';

type Variant = BenchOptions['variants'][number];

const JWT_SECRET = 'bench-only-secret-not-for-production-0123456789';
const SCRIPTS: Record<Variant, string> = {
  graph: resolve(__dirname, '../src/main.js'),
  A: resolve(__dirname, 'controls/static-server.js'),
  B: resolve(__dirname, 'controls/raw-server.js'),
  C: resolve(__dirname, 'controls/graphql-js-server.js'),
};

const log = (message: string) => process.stdout.write(`[bench] ${message}\n`);

async function describeChannel(dbUrl: string, size: BenchOptions['size']): Promise<Channel> {
  const conn = await mysqlConnection(dbUrl);
  try {
    const [[provider]] = (await conn.query(
      "SELECT MIN(id) AS id FROM organization WHERE kind = 'INDIRECT_PROVIDER'",
    )) as any;
    const [[user]] = (await conn.query(
      'SELECT MIN(id) AS id FROM app_user WHERE organization_id = ?',
      [provider.id],
    )) as any;
    const [subs] = (await conn.query(
      "SELECT id FROM subscription WHERE billing_partner_id = ? AND status = 'ACTIVE' ORDER BY id",
      [provider.id],
    )) as any;
    const ids = subs.map((s: { id: number }) => s.id);
    return {
      size,
      caller: { userId: user.id, organizationId: provider.id },
      mutableSubscriptionIds: ids,
      sampleSubscriptionId: ids[Math.floor(ids.length / 2)],
      rows: {},
      seconds: 0,
    };
  } finally {
    await conn.end();
  }
}

function mysqlConnection(dbUrl: string): Promise<Connection> {
  const u = new URL(dbUrl);
  return createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username) || 'root',
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1),
  });
}

interface Reply {
  status: number;
  text: string;
  sql: number;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    text: await response.text(),
    sql: Number(response.headers.get('x-sql-statements') ?? NaN),
  };
}

/**
 * Q3 changes a different subscription on every request, with its current version, so that
 * every request does the whole write (a stale version would be a cheap refusal).
 */
class MutationFeed {
  private next = 0;
  private readonly versions = new Map<number, number>();

  constructor(
    private readonly ids: number[],
    private readonly conn: Connection,
  ) {}

  /** Re-reads the versions: requests built but never sent leave the local copy ahead. */
  async sync(): Promise<void> {
    for (let i = 0; i < this.ids.length; i += 5000) {
      const chunk = this.ids.slice(i, i + 5000);
      const [rows] = (await this.conn.query(
        `SELECT id, version FROM subscription WHERE id IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      )) as any;
      for (const row of rows) this.versions.set(row.id, row.version);
    }
  }

  body(query: BenchQuery): {
    text: string;
    expect: { id: string; quantity: number; version: number };
  } {
    const id = this.ids[this.next++ % this.ids.length];
    const version = this.versions.get(id)!;
    this.versions.set(id, version + 1);
    const input = {
      subscriptionId: globalId('Subscription', id),
      quantity: 10 + (version % 50),
      version,
    };
    return {
      text: JSON.stringify({ ...query.body, variables: { input } }),
      expect: { id: input.subscriptionId, quantity: input.quantity, version: version + 1 },
    };
  }
}

function withoutExtensions(text: string): unknown {
  const { extensions: _extensions, ...rest } = JSON.parse(text);
  return rest;
}

function mutationCheck(body: string): string | undefined {
  try {
    const payload = JSON.parse(body).data?.changeSubscriptionQuantity;
    if (!payload) return `no payload: ${body}`;
    if (payload.userErrors.length) return `userErrors: ${JSON.stringify(payload.userErrors)}`;
  } catch {
    return `not JSON: ${body}`;
  }
  return undefined;
}

async function questions(conn: Connection): Promise<number> {
  const [rows] = (await conn.query("SHOW GLOBAL STATUS LIKE 'Questions'")) as any;
  return Number(rows[0].Value);
}

/**
 * MariaDB's own count of the statements one request costs: the global `Questions` counter
 * around 10 sequential requests, in up to seven windows; other clients of the shared server can
 * only add to a window, so the smallest window is the best estimate (minus our own SHOW,
 * calibrated). It stops at the first window that shows no more than the server's own count.
 */
async function questionsPerRequest(
  conn: Connection,
  send: () => Promise<Reply>,
  expected: number,
  requests = 10,
  windows = 7,
): Promise<number> {
  // What our own SHOW costs (1): the smallest of three back-to-back pairs, so that another
  // client's statement in one pair does not inflate it.
  let own = Infinity;
  for (let i = 0; i < 3; i++) {
    const a = await questions(conn);
    own = Math.min(own, (await questions(conn)) - a);
  }
  let best = Infinity;
  for (let w = 0; w < windows; w++) {
    const before = await questions(conn);
    for (let i = 0; i < requests; i++) await send();
    const after = await questions(conn);
    best = Math.min(best, (after - before - own) / requests);
    if (best <= expected) break;
  }
  return best;
}

async function main(): Promise<void> {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const o = options;
  const startedAt = new Date();
  let channel: Channel;
  let dbUrl: string;
  if (o.generate) {
    log(`generating the channel in ${o.database} ...`);
    dbUrl = await recreateDatabase(o.server, o.database);
    channel = await generateChannel(dbUrl, o.size);
    log(`channel ready in ${channel.seconds.toFixed(1)} s: ${JSON.stringify(channel.rows)}`);
  } else {
    const u = new URL(o.server);
    u.pathname = `/${o.database}`;
    dbUrl = u.toString().replace(/^mysql:/, 'mariadb:');
    channel = await describeChannel(dbUrl, o.size);
  }

  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    DB_POOL_SIZE: String(o.poolSize),
    JWT_SECRET,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    LOG_SQL: 'false',
    REPORT_SQL_COUNT: 'false',
    SEED_EMPTY_DATABASE: 'false',
    GRAPHQL_INTROSPECTION: 'false',
    // The hardening branch's limits must not throttle a load test.
    RATE_LIMIT_POINTS_PER_MINUTE: '0',
    QUERY_MAX_COST: '10000000',
  };
  // Keys are variants, and `graph@node24`-style labels for the other Node releases.
  const servers = new Map<string, ServerProcess>();
  const extra: ServerProcess[] = [];
  const conn = await mysqlConnection(dbUrl);
  const stopAll = async () => {
    for (const p of [...servers.values(), ...extra]) await stopProcess(p);
    await conn.end().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    const order: Variant[] = ['graph', 'A', 'B', 'C'];
    for (const [i, variant] of order.entries()) {
      if (!o.variants.includes(variant)) continue;
      servers.set(
        variant,
        await startProcess(variant, SCRIPTS[variant], o.portBase + i, env, o.nodeFlags),
      );
    }
    // The same scripts and node_modules under another Node: on MariaDB no native module loads,
    // so the runner's install serves every release.
    const otherNodes = o.otherNodes.map(resolveOtherNode);
    let otherPort = o.portBase + 5;
    for (const other of otherNodes) {
      for (const variant of OTHER_NODE_VARIANTS) {
        if (!o.variants.includes(variant)) continue;
        const label = onNode(variant, other.major);
        servers.set(
          label,
          await startProcess(label, SCRIPTS[variant], otherPort++, env, o.nodeFlags, other.binary),
        );
      }
    }
    // The measured graph runs as in production, without the per-request statement tally (its
    // AsyncLocalStorage costs); a twin with REPORT_SQL_COUNT=true reports the count, and
    // MariaDB's Questions counter checks it on the measured one.
    const counter = servers.has('graph')
      ? await startProcess(
          'graph (counting)',
          SCRIPTS.graph,
          o.portBase + 4,
          { ...env, REPORT_SQL_COUNT: 'true' },
          o.nodeFlags,
        )
      : undefined;
    if (counter) extra.push(counter);
    log(`servers up: ${[...servers.values()].map((s) => `${s.name}:${s.port}`).join(' ')}`);

    const token = await new TokenService({
      jwtSecret: JWT_SECRET,
      issuer: 'csp-partner-graph',
      audience: 'csp-partner-graph',
      tokenTtlSeconds: 3600 * 4,
      secretIsLocal: false,
    }).sign({
      userId: channel.caller.userId,
      organizationId: channel.caller.organizationId,
      organizationType: 'PARTNER' as never,
      roles: ['GLOBAL_ADMIN', 'ADMIN_AGENT'] as never,
    });

    let queries = benchQueries(channel);
    if (!o.scaling) queries = queries.filter((q) => !q.scaling);
    if (o.queries) queries = queries.filter((q) => o.queries!.includes(q.label));
    const feed = new MutationFeed(channel.mutableSubscriptionIds, conn);
    await feed.sync();

    const urlOf = (variant: string, q: BenchQuery) => {
      const port = servers.get(variant)!.port;
      return baseVariant(variant) === 'A'
        ? `http://127.0.0.1:${port}/${encodeURIComponent(q.label)}`
        : baseVariant(variant) === 'graph'
          ? `http://127.0.0.1:${port}/graphql`
          : `http://127.0.0.1:${port}/`;
    };
    const headersOf = (q: BenchQuery): Record<string, string> =>
      q.anonymous ? {} : { authorization: `Bearer ${token}` };

    // 1. Same answers: every control must return the graph's JSON (or, for Q3 before the graph
    //    has the mutation, the expected payload); the run stops at the first difference.
    const available = new Map<string, string[]>();
    const meta = new Map<
      string,
      {
        nodes: number;
        sql: Partial<Record<string, number>>;
        questions: Partial<Record<string, number>>;
        note?: string;
      }
    >();
    for (const q of queries) {
      const variants = [...servers.keys()].filter(
        (v) => baseVariant(v) === v || OTHER_NODE_QUERIES.includes(q.label),
      );
      const info: {
        nodes: number;
        sql: Partial<Record<string, number>>;
        questions: Partial<Record<string, number>>;
        note?: string;
      } = { nodes: 0, sql: {}, questions: {} };
      let reference: string | undefined;
      const usable: string[] = [];
      const oneRequest = async (
        variant: string,
        via?: ServerProcess,
      ): Promise<{ reply: Reply; expected?: unknown }> => {
        const url = via ? `http://127.0.0.1:${via.port}/graphql` : urlOf(variant, q);
        if (q.mutation) {
          const { text, expect } = feed.body(q);
          const reply = await post(url, headersOf(q), text);
          return {
            reply,
            expected: {
              data: { changeSubscriptionQuantity: { subscription: expect, userErrors: [] } },
            },
          };
        }
        return { reply: await post(url, headersOf(q), JSON.stringify(q.body)) };
      };
      for (const variant of variants.filter((v) => v !== 'A')) {
        const { reply, expected } = await oneRequest(variant);
        // The answer is `data` (and `errors`); `extensions` is the server's own metadata (the
        // graph reports the query's cost there), which the controls do not compute.
        const { extensions: _extensions, ...json } = JSON.parse(reply.text);
        if (
          variant === 'graph' &&
          json.errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED'
        ) {
          info.note = `the graph has no ${q.name} yet (${json.errors[0].message})`;
          log(`${q.label}: ${info.note}; measuring the controls only`);
          continue;
        }
        if (reply.status !== 200 || json.errors) {
          throw new Error(
            `${q.label} on ${variant} failed: ${reply.status} ${reply.text.slice(0, 500)}`,
          );
        }
        if (q.mutation) {
          if (!isDeepStrictEqual(json, expected)) {
            throw new Error(
              `${q.label} on ${variant} answered ${reply.text}, expected ${JSON.stringify(expected)}`,
            );
          }
          reference ??= reply.text;
        } else if (reference === undefined) {
          reference = reply.text;
        } else if (!isDeepStrictEqual(json, withoutExtensions(reference))) {
          throw new Error(
            `${q.label}: ${variant} answers differently from the reference.\nreference: ${reference.slice(0, 2000)}\n${variant}: ${reply.text.slice(0, 2000)}`,
          );
        }
        usable.push(variant);
      }
      if (!reference) throw new Error(`${q.label}: no variant answered`);
      info.nodes = countNodes(JSON.parse(reference).data);
      if (servers.has('A')) {
        await fetch(
          `http://127.0.0.1:${servers.get('A')!.port}/__bytes/${encodeURIComponent(q.label)}`,
          {
            method: 'PUT',
            body: reference,
          },
        );
        usable.push('A');
      }
      // 2. Statements per request: the server's own count (x-sql-statements), five times, and
      //    MariaDB's Questions counter as the cross-check.
      for (const variant of usable) {
        if (baseVariant(variant) !== variant) {
          // Same scripts, so the same statements; MariaDB's count below confirms it.
          info.sql[variant] = info.sql[baseVariant(variant)];
          info.questions[variant] = await questionsPerRequest(
            conn,
            async () => (await oneRequest(variant)).reply,
            info.sql[variant]!,
            info.nodes > 5000 ? 3 : 10,
          );
          continue;
        }
        const counts = new Set<number>();
        for (let i = 0; i < 5; i++)
          counts.add(
            (await oneRequest(variant, variant === 'graph' ? counter : undefined)).reply.sql,
          );
        if (counts.size !== 1)
          throw new Error(`${q.label} on ${variant}: statement count varies: ${[...counts]}`);
        info.sql[variant] = [...counts][0];
        if (variant !== 'A') {
          info.questions[variant] = await questionsPerRequest(
            conn,
            async () => (await oneRequest(variant)).reply,
            info.sql[variant]!,
            info.nodes > 5000 ? 3 : 10,
          );
        }
      }
      available.set(q.label, usable);
      meta.set(q.label, info);
      log(
        `${q.label}: same JSON from ${usable.join(', ')}; ${info.nodes} nodes; statements ${JSON.stringify(info.sql)}`,
      );
    }

    // 3. Load: warm-up, then rounds; within a round each query's variants run back to back, in
    //    an order that rotates every round, so that drift of the machine hits them alike.
    const target = (variant: string, q: BenchQuery): LoadTarget => ({
      url: urlOf(variant, q),
      headers: headersOf(q),
      body: q.mutation ? () => feed.body(q).text : JSON.stringify(q.body),
      check: q.mutation && baseVariant(variant) !== 'A' ? mutationCheck : undefined,
    });
    const runs: RunRecord[] = [];
    const measure = async (q: BenchQuery, variant: string, seconds: number, round: number) => {
      if (q.mutation) await feed.sync();
      const pid = servers.get(variant)!.child.pid!;
      const cpu0 = cpuMs(pid);
      const stopRss = sampleRss(pid);
      const result = await runLoad(target(variant, q), seconds, o.connections);
      const peakRss = stopRss();
      const cpu = cpuMs(pid) - cpu0;
      if (result.failures > result.requests * 0.01) {
        throw new Error(
          `${q.label} on ${variant}: ${result.failures} of ${result.requests} failed, e.g. ${result.firstFailure}`,
        );
      }
      return {
        query: q.label,
        variant,
        round,
        ...result,
        cpuMsPerRequest: cpu / Math.max(1, result.requests),
        peakRssMb: peakRss,
      };
    };
    log(`warm-up: ${o.warmupSeconds} s per query and variant`);
    for (const q of queries)
      for (const variant of available.get(q.label)!) await measure(q, variant, o.warmupSeconds, -1);
    for (let round = 0; round < o.rounds; round++) {
      for (const q of queries) {
        const vs = available.get(q.label)!;
        const rotated = vs.map((_, i) => vs[(i + round) % vs.length]);
        for (const variant of rotated) {
          // Requests of 10,000 nodes take a second or more: give them time to count.
          const seconds =
            meta.get(q.label)!.nodes > 5000 ? o.durationSeconds * 2 : o.durationSeconds;
          const run = await measure(q, variant, seconds, round);
          runs.push(run);
          log(
            `round ${round + 1}/${o.rounds} ${q.label} ${variant}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ${run.cpuMsPerRequest.toFixed(2)} ms CPU/req`,
          );
        }
      }
    }

    const measurements: Measurement[] = [];
    for (const q of queries) {
      const info = meta.get(q.label)!;
      for (const variant of available.get(q.label)!) {
        const mine = runs.filter((r) => r.query === q.label && r.variant === variant);
        measurements.push({
          query: q.label,
          variant,
          rps: median(mine.map((r) => r.rps)),
          p50_ms: median(mine.map((r) => r.p50)),
          p99_ms: median(mine.map((r) => r.p99)),
          sql_per_request: info.sql[variant] ?? null,
          questions_per_request: info.questions[variant] ?? null,
          cpu_ms_per_request: median(mine.map((r) => r.cpuMsPerRequest)),
          peak_rss_mb: Math.max(...mine.map((r) => r.peakRssMb)),
          nodes: info.nodes,
          rounds: mine.map((r) => Math.round(r.rps)),
        });
      }
    }
    const notes = [...meta.entries()]
      .filter(([, m]) => m.note)
      .map(([label, m]) => `${label}: ${m.note}`);
    const files = await writeReport(
      o,
      channel,
      measurements,
      notes,
      startedAt,
      process.argv.slice(2),
      otherNodes,
    );
    log(`wrote ${files.join(' and ')}`);
  } finally {
    await stopAll();
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
