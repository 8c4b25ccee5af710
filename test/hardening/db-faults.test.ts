import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/entry/server';
import * as auditService from '../../src/core/audit-log';
import { loadConfig } from '../../src/config/config';
import { User } from '../../src/identity/user.entity';
import { Organization } from '../../src/organizations/organization.entity';
import { onMysql } from '../support/database';
import { demo } from '../support/demo';
import { DisposableMariaDb, freePort, mariadbBinaries } from '../support/disposable-mariadb';
import { captureLog, type CapturedLog } from '../support/log-capture';
import { post, TEST_JWT_SECRET, type GqlResult } from '../support/test-server';

const binaries = mariadbBinaries();
const skipReason =
  typeof binaries === 'string'
    ? `database fault tests skipped: ${binaries}`
    : !onMysql
      ? 'database fault tests run with the MariaDB suite (DATABASE_URL set); skipped on SQLite'
      : undefined;
if (skipReason) console.warn(skipReason);
const describeFaults = skipReason ? describe.skip : describe;

const ACCEPT =
  'mutation { acceptPartnerAgreement(input: { consent: true }) { partner { agreementAcceptedAt } userErrors { code } } }';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The database goes away and comes back under a running server, on a MariaDB server of the
 * test's own (a disposable one on a port of 3390-3399, data under /tmp/hrd-*): never the
 * shared instance.
 */
describeFaults('database faults (disposable MariaDB)', () => {
  let db: DisposableMariaDb;
  let server: RunningServer;
  let log: CapturedLog;
  let startedBeforeDatabase: Promise<RunningServer>;

  const graphql = async (query: string, email?: string): Promise<GqlResult & { ms: number }> => {
    const headers: Record<string, string> = {};
    if (email) headers.authorization = `Bearer ${await tokenFor(email)}`;
    const t0 = Date.now();
    const result = await post(`${server.url}graphql`, { query }, headers);
    return { ...result, ms: Date.now() - t0 };
  };

  async function tokenFor(email: string): Promise<string> {
    const { dataSource } = server.app;
    const user = await dataSource.getRepository(User).findOneByOrFail({ email });
    const org = await dataSource
      .getRepository(Organization)
      .findOneByOrFail({ id: user.organizationId });
    return server.app.tokens.sign({
      userId: user.id,
      organizationId: org.id,
      organizationType: org.type,
      roles: user.roles,
    });
  }

  const readyz = async () => {
    const t0 = Date.now();
    const response = await fetch(`${server.url}readyz`);
    return { status: response.status, ms: Date.now() - t0 };
  };

  /** Asks until the answer is right again, without restarting anything. */
  async function untilServed(query: string, email: string, withinMs: number): Promise<GqlResult> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const result = await graphql(query, email);
      if (!result.errors) return result;
      if (Date.now() > deadline)
        throw new Error(`not served again: ${JSON.stringify(result.errors)}`);
      await sleep(100);
    }
  }

  beforeAll(async () => {
    const port = await freePort(3390, 3399);
    db = new DisposableMariaDb(port, join(tmpdir(), `hrd-faults-${process.pid}-${port}`));
    log = captureLog('info');
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      JWT_SECRET: TEST_JWT_SECRET,
      DATABASE_URL: db.url,
      SEED_EMPTY_DATABASE: 'true',
      RATE_LIMIT_POINTS_PER_MINUTE: '0',
      DB_POOL_SIZE: '4',
    });
    // Started while nothing listens on the port: it must wait, not fail.
    startedBeforeDatabase = startServer(config, { logger: log.logger });
    startedBeforeDatabase.catch(() => undefined);
  });

  afterAll(async () => {
    await server?.close(1000);
    await db?.destroy();
  });

  test('started before its database, the server retries with a clear message and serves once it is up', async () => {
    const deadline = Date.now() + 10_000;
    while (!log.lines.some((l) => /waiting for the database/.test(l.msg))) {
      if (Date.now() > deadline) throw new Error('no retry message was logged');
      await sleep(50);
    }
    const waiting = log.lines.find((l) => /waiting for the database/.test(l.msg))!;
    expect(waiting).toMatchObject({ level: 40, attempt: 1, of: 30 });
    expect(waiting.msg).toContain(`mariadb at 127.0.0.1:${db.port}/test is not reachable yet`);
    expect(waiting.msg).toMatch(/ECONNREFUSED/);
    expect(waiting.msg).toMatch(/next in \d+ ms/);
    await db.start();
    server = await startedBeforeDatabase;
    expect(log.lines.some((l) => l.msg === 'database reachable')).toBe(true);
    expect(log.lines.some((l) => l.msg === 'database ready')).toBe(true);
    const served = await graphql(
      '{ customers(first: 5) { totalCount } }',
      demo.contoso.globalAdmin,
    );
    expect(served.errors).toBeUndefined();
    expect(served.data.customers.totalCount).toBeGreaterThan(0);
    expect((await readyz()).status).toBe(200);
  }, 40_000);

  test('the database crashes: requests fail fast with SERVICE_UNAVAILABLE (retryable), /readyz says unavailable; it recovers by itself', async () => {
    const query = '{ customers(first: 5) { nodes { name } } }';
    // Warm the pool so that the crash also breaks connections in use.
    await graphql(query, demo.contoso.globalAdmin);
    const token = await tokenFor(demo.contoso.globalAdmin);
    await db.kill();
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      const result = await post(
        `${server.url}graphql`,
        { query },
        { authorization: `Bearer ${token}` },
      );
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(result.status).toBe(503);
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
        requestId: expect.any(String),
      });
      expect(JSON.stringify(result.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|PROTOCOL/);
    }
    const notReady = await readyz();
    expect(notReady).toMatchObject({ status: 503 });
    expect(notReady.ms).toBeLessThan(2000);
    // Liveness is not readiness: the process itself is fine.
    expect((await fetch(`${server.url}healthz`)).status).toBe(200);

    await db.start();
    const served = await untilServed(query, demo.contoso.globalAdmin, 10_000);
    expect(served.data.customers.nodes.length).toBeGreaterThan(0);
    expect((await readyz()).status).toBe(200);
  }, 40_000);

  test('a mutation interrupted by a crash is not committed at all; retried after recovery it commits once', async () => {
    const partnerRow = async () => {
      const [row] = (await server.app.dataSource.query(
        "SELECT agreement_accepted_at AS acceptedAt FROM organization WHERE name = 'Southridge Solutions'",
      )) as Array<{ acceptedAt: Date | null }>;
      return row;
    };
    const auditCount = async () =>
      Number(
        (
          (await server.app.dataSource.query(
            "SELECT COUNT(*) AS n FROM audit_record WHERE operation = 'acceptPartnerAgreement'",
          )) as Array<{ n: number }>
        )[0].n,
      );
    expect((await partnerRow()).acceptedAt).toBeNull();
    const auditsBefore = await auditCount();
    const token = await tokenFor(demo.southridge.globalAdmin);

    // The partner row is already updated inside the transaction when the server dies, before
    // the audit record is written and before COMMIT.
    const original = auditService.writeAuditRecord;
    const spy = jest
      .spyOn(auditService, 'writeAuditRecord')
      .mockImplementationOnce(async (...args) => {
        await db.kill();
        return original(...args);
      });
    const interrupted = await post(
      `${server.url}graphql`,
      { query: ACCEPT },
      { authorization: `Bearer ${token}` },
    );
    spy.mockRestore();
    expect(interrupted.errors?.[0]?.extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      retryable: true,
    });

    await db.start();
    await untilServed('{ viewer { organization { id } } }', demo.southridge.globalAdmin, 10_000);
    expect((await partnerRow()).acceptedAt).toBeNull();
    expect(await auditCount()).toBe(auditsBefore);

    const retried = await post(
      `${server.url}graphql`,
      { query: ACCEPT },
      { authorization: `Bearer ${token}` },
    );
    expect(retried.errors).toBeUndefined();
    expect(retried.data.acceptPartnerAgreement.userErrors).toEqual([]);

    // Acknowledged means durable: a crash right after the answer loses nothing.
    await db.kill();
    await db.start();
    await untilServed('{ viewer { organization { id } } }', demo.southridge.globalAdmin, 10_000);
    expect((await partnerRow()).acceptedAt).not.toBeNull();
    expect(await auditCount()).toBe(auditsBefore + 1);
  }, 60_000);
});
