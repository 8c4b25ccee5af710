import { createConnection } from 'node:net';
import pino from 'pino';
import { startServer, type RunningServer } from '../../src/entry/server';
import { ConfigError, loadConfig } from '../../src/config/config';
import { captureLog } from '../support/log-capture';
import { demo } from '../support/demo';
import {
  expectOk,
  post,
  startTestServer,
  TEST_JWT_SECRET,
  type GqlClient,
  type TestServer,
} from '../support/test-server';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** 1 + 50 objects. */
const FIFTY = '{ customers(first: 50) { nodes { name } } }';
/** 1 + 20 objects. */
const TWENTY = '{ customers(first: 20) { nodes { name } } }';

function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** A unique key prefix per run, so that runs (and the two databases' suites) never share budgets. */
const keyPrefix = () =>
  `hrd-test:${process.pid}:${Date.now()}:${Math.random().toString(36).slice(2)}:`;

describe('rate limiting by query cost (in-memory, one process)', () => {
  let api: TestServer;
  let contoso: GqlClient;
  beforeAll(async () => {
    api = await startTestServer({
      seed: 'demo',
      env: { RATE_LIMIT_POINTS_PER_MINUTE: '1000', QUERY_MAX_COST: '1000' },
    });
    contoso = await api.as(demo.contoso.globalAdmin);
  });
  afterAll(() => api.close());

  test('each answer reports the budget: limit, cost, remaining and resetAt in extensions.rateLimit', async () => {
    const result = await contoso.query(FIFTY);
    expectOk(result);
    const { rateLimit } = result.extensions!;
    expect(rateLimit).toMatchObject({ limit: 1000, cost: 51, remaining: 949 });
    const resetIn = Date.parse(rateLimit.resetAt) - Date.now();
    expect(resetIn).toBeGreaterThan(55_000);
    expect(resetIn).toBeLessThanOrEqual(60_000);
    const next = await contoso.query(FIFTY);
    expect(next.extensions?.rateLimit).toMatchObject({
      remaining: 898,
      resetAt: rateLimit.resetAt,
    });
  });

  test('RATE_LIMITED: when the budget is spent the operation is refused before it runs, with HTTP 429 and Retry-After', async () => {
    let last = (await contoso.query(FIFTY)).extensions!.rateLimit;
    while (last.remaining >= 51) last = (await contoso.query(FIFTY)).extensions!.rateLimit;
    const refused = await contoso.query(FIFTY);
    expect(refused.status).toBe(429);
    expect(refused.data ?? null).toBeNull();
    // Only the caller's lookup, which names the organization whose budget is spent.
    expect(refused.sqlStatements).toBe(1);
    expect(refused.errors).toHaveLength(1);
    const error = refused.errors![0];
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(error.extensions!.retryAfterSeconds).toBe(retryAfter);
    expect(refused.extensions?.rateLimit).toMatchObject({
      limit: 1000,
      cost: 51,
      remaining: last.remaining,
    });
    // A refused operation spends nothing: a cheaper one that fits still runs.
    const cheap = await contoso.query('{ customers(first: 1) { nodes { name } } }');
    expectOk(cheap);
    expect(cheap.extensions?.rateLimit.remaining).toBe(last.remaining - 2);
  });

  test('budgets are per organization: another organization is not affected', async () => {
    const trey = await api.as(demo.trey.globalAdmin);
    const result = await trey.query(FIFTY);
    expectOk(result);
    expect(result.extensions?.rateLimit).toMatchObject({ remaining: 949 });
    // Users of one organization share its budget.
    const treySales = await api.as(demo.trey.sales);
    expect((await treySales.query(FIFTY)).extensions?.rateLimit.remaining).toBe(898);
  });

  test('a mutation costs 10 plus its selection; even a free query spends one point', async () => {
    const southridge = await api.as(demo.southridge.globalAdmin);
    const accepted = await southridge.query(
      'mutation { acceptPartnerAgreement(input: { consent: true }) { userErrors { code } } }',
    );
    expectOk(accepted);
    expect(accepted.extensions?.rateLimit).toMatchObject({ cost: 10, remaining: 990 });
    const free = await southridge.query('{ __typename }');
    expect(free.extensions?.cost.requestedQueryCost).toBe(0);
    expect(free.extensions?.rateLimit).toMatchObject({ cost: 1, remaining: 989 });
  });

  test('anonymous callers spend a budget per client address, apart from any organization', async () => {
    const query = '{ providerDirectory(first: 10) { nodes { name } } }';
    const first = await api.anonymous.query(query);
    expectOk(first);
    expect(first.extensions?.rateLimit).toMatchObject({ cost: 11, remaining: 989 });
    expect((await api.anonymous.query(query)).extensions?.rateLimit.remaining).toBe(978);
  });
});

describe('rate limiting: configuration', () => {
  test('RATE_LIMIT_POINTS_PER_MINUTE=0 turns it off; the cost is still reported', async () => {
    const api = await startTestServer({ seed: 'demo', env: { RATE_LIMIT_POINTS_PER_MINUTE: '0' } });
    try {
      const result = await (await api.as(demo.contoso.globalAdmin)).query(FIFTY);
      expectOk(result);
      expect(result.extensions?.rateLimit).toBeUndefined();
      expect(result.extensions?.cost.requestedQueryCost).toBe(51);
    } finally {
      await api.close();
    }
  });

  test('a budget below the cost limit is a configuration error (such queries could never run)', () => {
    const env = { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET };
    expect(() =>
      loadConfig({ ...env, QUERY_MAX_COST: '5000', RATE_LIMIT_POINTS_PER_MINUTE: '4000' }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, RATE_LIMIT_POINTS_PER_MINUTE: '-1' })).toThrow(
      /RATE_LIMIT_POINTS_PER_MINUTE must be an integer/,
    );
    expect(loadConfig(env).rateLimit).toMatchObject({ points: 120_000, windowSeconds: 60 });
  });

  test('the budget is full again when the window ends', async () => {
    const api = await startTestServer({
      seed: 'demo',
      env: {
        RATE_LIMIT_POINTS_PER_MINUTE: '100',
        QUERY_MAX_COST: '100',
        RATE_LIMIT_WINDOW_SECONDS: '1',
      },
    });
    try {
      const contoso = await api.as(demo.contoso.globalAdmin);
      const spent = await contoso.query('{ customers(first: 98) { nodes { name } } }');
      expect(spent.extensions?.rateLimit.remaining).toBe(1);
      const refused = await contoso.query(TWENTY);
      expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      const wait = Date.parse(refused.extensions!.rateLimit.resetAt) - Date.now();
      await new Promise((r) => setTimeout(r, Math.max(0, wait) + 50));
      const again = await contoso.query(TWENTY);
      expectOk(again);
      expect(again.extensions?.rateLimit.remaining).toBe(79);
    } finally {
      await api.close();
    }
  });

  test('behind a proxy (TRUST_PROXY) anonymous callers are told apart by X-Forwarded-For', async () => {
    const api = await startTestServer({
      seed: 'demo',
      env: { RATE_LIMIT_POINTS_PER_MINUTE: '1000', QUERY_MAX_COST: '1000', TRUST_PROXY: 'true' },
    });
    try {
      const query = { query: '{ providerDirectory(first: 10) { nodes { name } } }' };
      const url = `${api.url}graphql`;
      const a1 = await post(url, query, { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' });
      const a2 = await post(url, query, { 'x-forwarded-for': '203.0.113.7' });
      const b = await post(url, query, { 'x-forwarded-for': '198.51.100.9' });
      expect([a1, a2, b].map((r) => r.extensions?.rateLimit.remaining)).toEqual([989, 978, 989]);
    } finally {
      await api.close();
    }
  });
});

describe('rate limiting with Redis: one budget for several server processes', () => {
  let available = false;
  let api: TestServer;
  let second: RunningServer;
  let prefix: string;

  beforeAll(async () => {
    available = await redisReachable(REDIS_URL);
    if (!available) {
      console.warn(`Redis is not reachable at ${REDIS_URL}: the shared-budget tests are skipped`);
      return;
    }
    prefix = keyPrefix();
    const env = {
      REDIS_URL,
      RATE_LIMIT_KEY_PREFIX: prefix,
      RATE_LIMIT_POINTS_PER_MINUTE: '1000',
      QUERY_MAX_COST: '1000',
    };
    api = await startTestServer({ seed: 'demo', env });
    // A second server with its own App, rate limiter and Redis connection, over the same data:
    // what a second process would be.
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      JWT_SECRET: TEST_JWT_SECRET,
      ...env,
    });
    second = await startServer(config, {
      dataSource: api.dataSource,
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    if (!available) return;
    await second.close(1000);
    await api.close();
  });

  const onSecond = async (email: string, query: string) =>
    post(
      `${second.url}graphql`,
      { query },
      { authorization: `Bearer ${await api.tokenFor(email)}` },
    );

  test('what one server spends, the other sees', async () => {
    if (!available) return;
    const contoso = await api.as(demo.contoso.globalAdmin);
    expect((await contoso.query(FIFTY)).extensions?.rateLimit.remaining).toBe(949);
    expect((await onSecond(demo.contoso.sales, FIFTY)).extensions?.rateLimit.remaining).toBe(898);
    expect((await contoso.query(FIFTY)).extensions?.rateLimit.remaining).toBe(847);
  });

  test('concurrent requests on both servers never overspend: exactly floor(budget / cost) pass', async () => {
    if (!available) return;
    const trey = await api.as(demo.trey.globalAdmin);
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        i % 2 === 0 ? trey.query(TWENTY) : onSecond(demo.trey.adminAgent, TWENTY),
      ),
    );
    const passed = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    expect(passed).toHaveLength(Math.floor(1000 / 21));
    expect(refused).toHaveLength(80 - passed.length);
    const remaining = passed.map((r) => r.extensions!.rateLimit.remaining).sort((a, b) => a - b);
    // Every accepted request saw a distinct, consistent remainder.
    expect(new Set(remaining).size).toBe(passed.length);
    expect(remaining[0]).toBe(1000 - passed.length * 21);
  });
});

describe('rate limiting when Redis is configured but unreachable', () => {
  test('the server starts, neither hangs nor crashes, and limits per process with a warning', async () => {
    const log = captureLog('warn');
    const started = Date.now();
    const api = await startTestServer({
      seed: 'demo',
      logger: log.logger,
      env: {
        REDIS_URL: 'redis://127.0.0.1:9', // nothing listens on the discard port
        RATE_LIMIT_KEY_PREFIX: keyPrefix(),
        RATE_LIMIT_POINTS_PER_MINUTE: '100',
        QUERY_MAX_COST: '100',
      },
    });
    try {
      // A hang would be ioredis retrying forever; the bounds are generous because start-up
      // includes migrating and seeding a database on a loaded CI machine.
      expect(Date.now() - started).toBeLessThan(20_000);
      const contoso = await api.as(demo.contoso.globalAdmin);
      const t0 = Date.now();
      const first = await contoso.query(TWENTY);
      expect(Date.now() - t0).toBeLessThan(5_000);
      expectOk(first);
      expect(first.extensions?.rateLimit).toMatchObject({ limit: 100, remaining: 79 });
      for (let i = 0; i < 3; i++) await contoso.query(TWENTY);
      expect((await contoso.query(TWENTY)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(log.lines.some((l) => /rate limiter/.test(l.msg) && l.level === 40)).toBe(true);
    } finally {
      await api.close();
    }
  });
});
