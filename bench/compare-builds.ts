/**
 * CPU per request of two builds of the graph, measured in alternating batches against the
 * same bench database, so that both see the same machine load (a refactor's "no slower"):
 *
 *   git worktree add /tmp/base <rev> && (cd /tmp/base && ln -s $PWD/node_modules . && npx tsc -p tsconfig.build.json)
 *   npm run build && node dist/bench/compare-builds.js --base /tmp/base [--head DIR] [--rounds 12]
 *
 * The bench database must exist (`npm run bench` once). The caller is the largest provider's
 * first user, as in `npm run bench`; Q1 and Q2 are the benchmark's queries at default size.
 */
import { resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { TokenService } from '../src/identity/tokens';
import { cpuMs, startProcess, stopProcess, type ServerProcess } from './processes';
import { Q1, Q2 } from './queries';

const SECRET = 'bench-only-secret-not-for-production-0123456789';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main() {
  const baseDir = resolve(arg('base', ''));
  const headDir = resolve(arg('head', resolve(__dirname, '../..')));
  const rounds = Number(arg('rounds', '12'));
  const dbUrl = arg('database-url', 'mariadb://root@127.0.0.1:3306/bench');
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    DB_POOL_SIZE: '8',
    JWT_SECRET: SECRET,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    REPORT_SQL_COUNT: 'false',
    SEED_EMPTY_DATABASE: 'false',
    DB_MIGRATE_ON_START: 'false',
    RATE_LIMIT_POINTS_PER_MINUTE: '0',
    QUERY_MAX_COST: '10000000',
  };
  const flags = ['--max-old-space-size=160'];
  const builds: Record<'base' | 'head', ServerProcess> = {
    base: await startProcess('base', `${baseDir}/dist/src/main.js`, 4690, env, flags),
    head: await startProcess('head', `${headDir}/dist/src/main.js`, 4691, env, flags),
  };
  try {
    const conn = await createConnection(dbUrl.replace(/^mariadb:/, 'mysql:'));
    const [[caller]] = (await conn.query(
      `SELECT u.id AS userId, u.organization_id AS organizationId FROM app_user u
        JOIN organization o ON o.id = u.organization_id
       WHERE o.kind = 'INDIRECT_PROVIDER'
       ORDER BY (SELECT COUNT(*) FROM partnership p WHERE p.provider_id = o.id) DESC, u.id
       LIMIT 1`,
    )) as unknown as [[{ userId: number; organizationId: number }]];
    await conn.end();
    const token = await new TokenService({
      jwtSecret: SECRET,
      issuer: 'csp-partner-graph',
      audience: 'csp-partner-graph',
      tokenTtlSeconds: 3600,
      secretIsLocal: false,
    }).sign({ ...caller, organizationType: 'PARTNER' as never, roles: ['GLOBAL_ADMIN'] as never });
    const post = async (port: number, body: unknown) => {
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { data?: any; errors?: unknown[] };
    };
    const first = await post(builds.head.port, {
      query: '{ subscriptions(first: 1) { nodes { id } } }',
    });
    const queries = [
      {
        name: 'Q1',
        body: { query: Q1, variables: { id: first.data.subscriptions.nodes[0].id } },
        n: 400,
      },
      {
        name: 'Q2',
        body: { query: Q2, variables: { resellers: 10, customers: 12, subscriptions: 3 } },
        n: 60,
      },
    ];
    for (const q of queries) {
      const [a, b] = await Promise.all([
        post(builds.base.port, q.body),
        post(builds.head.port, q.body),
      ]);
      if (JSON.stringify(a.data) !== JSON.stringify(b.data) || a.errors || b.errors) {
        throw new Error(`${q.name}: the two builds answer differently`);
      }
      const perRequest: Record<'base' | 'head', number[]> = { base: [], head: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 ? (['head', 'base'] as const) : (['base', 'head'] as const);
        for (const build of order) {
          const server = builds[build];
          for (let i = 0; i < 20; i++) await post(server.port, q.body);
          const before = cpuMs(server.child.pid!);
          let left = q.n;
          await Promise.all(
            [0, 1, 2, 3].map(async () => {
              while (left-- > 0) await post(server.port, q.body);
            }),
          );
          perRequest[build].push((cpuMs(server.child.pid!) - before) / q.n);
        }
      }
      const base = median(perRequest.base);
      const head = median(perRequest.head);
      console.log(
        `${q.name}: base ${base.toFixed(3)} ms CPU/request, head ${head.toFixed(3)}, head/base ${(head / base).toFixed(3)} (medians of ${rounds} alternating batches of ${q.n})`,
      );
    }
  } finally {
    await stopProcess(builds.base);
    await stopProcess(builds.head);
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
