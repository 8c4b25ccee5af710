import { QueryFailedError } from 'typeorm';
import * as auditService from '../../src/core/audit-log';
import { regionCatalog } from '../../src/regions/region-catalog';
import { expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import { captureLog, type CapturedLog } from '../support/log-capture';
import {
  startTestServer,
  type GqlClient,
  type GqlResult,
  type TestServer,
} from '../support/test-server';

/** What must never reach a client: stack frames, file paths, SQL, driver codes, hosts. */
const INTERNALS = [
  /\bat [\w.<>]+ \(/, // stack frame
  /\.ts:\d+|\.js:\d+/,
  /node_modules/,
  /\bSELECT\b|\bFROM\b|\bINSERT\b|\bUPDATE\b/i,
  /SQLITE_|\bER_[A-Z_]+|ECONN|PROTOCOL_/,
  /no such (table|column)|Unknown column|doesn't exist/i,
  /127\.0\.0\.1|3306/,
  /secret-internal-detail/,
];

function expectNothingInternal(result: GqlResult, raw: string) {
  for (const pattern of INTERNALS) expect(raw).not.toMatch(pattern);
  for (const error of result.errors ?? []) {
    expect(error.extensions?.stacktrace).toBeUndefined();
    expect(error.extensions?.exception).toBeUndefined();
  }
}

/**
 * R-32 in production: unexpected failures reach the client as INTERNAL_SERVER_ERROR (or
 * SERVICE_UNAVAILABLE when the database is away) with the request ID and nothing else; the
 * log line with the same request ID carries the whole error.
 */
describe('R-32 production error masking', () => {
  let api: TestServer;
  let log: CapturedLog;
  let contoso: GqlClient;
  let requestNumber = 0;

  beforeAll(async () => {
    log = captureLog('info');
    api = await startTestServer({
      seed: 'demo',
      logger: log.logger,
      env: { NODE_ENV: 'production', RATE_LIMIT_POINTS_PER_MINUTE: '0' },
    });
    contoso = await api.as(demo.contoso.globalAdmin);
  });
  afterAll(() => api.close());
  afterEach(() => jest.restoreAllMocks());

  /** Sends a query with a known request ID and returns the response and its raw text. */
  async function send(query: string, variables?: Record<string, unknown>) {
    const requestId = `hrd-mask-${++requestNumber}-${Date.now()}`;
    const response = await fetch(`${api.url}graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${contoso.token}`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ query, variables }),
    });
    const raw = await response.text();
    const json = JSON.parse(raw);
    const result: GqlResult = {
      status: response.status,
      data: json.data,
      errors: json.errors,
      extensions: json.extensions,
      headers: response.headers,
      sqlStatements: NaN,
    };
    return { result, raw, requestId };
  }

  function expectLogged(requestId: string, detail: RegExp) {
    const lines = log.forRequest(requestId).filter((l) => l.level >= 50);
    expect(lines.length).toBeGreaterThan(0);
    const [line] = lines;
    expect(line.msg).toBe('request failed');
    expect(`${line.err?.message} ${JSON.stringify(line.err)}`).toMatch(detail);
    expect(line.err?.stack).toEqual(expect.stringContaining('\n'));
  }

  test('R-32 a resolver that throws: INTERNAL_SERVER_ERROR with the request ID, the full error only in the log', async () => {
    jest.spyOn(regionCatalog, 'countriesOf').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'secret-internal-detail')");
    });
    const { result, raw, requestId } = await send('{ cspRegions { code countries { name } } }');
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toEqual({
      message: 'Internal server error',
      locations: expect.any(Array),
      path: ['cspRegions', 0, 'countries'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
    });
    expect(result.headers.get('x-request-id')).toBe(requestId);
    expect(result.headers.get('x-sql-statements')).toBeNull();
    expectNothingInternal(result, raw);
    expectLogged(requestId, /secret-internal-detail/);
  });

  test('R-32 a failing SQL statement: masked, the SQL and the driver message only in the log', async () => {
    const original = api.dataSource.query.bind(api.dataSource);
    // The first statement is the caller's lookup (R-30); the resolver's is the second.
    jest
      .spyOn(api.dataSource, 'query')
      .mockImplementationOnce(original)
      .mockImplementationOnce(() => original('SELECT no_such_column FROM offer WHERE id = ?', [1]));
    const { result, raw, requestId } = await send('{ offers(first: 5) { nodes { name } } }');
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId });
    expect(result.errors![0].message).toBe('Internal server error');
    expectNothingInternal(result, raw);
    expectLogged(requestId, /no_such_column/);
  });

  test('R-32 a broken database connection: SERVICE_UNAVAILABLE, retryable, HTTP 503, nothing of the driver', async () => {
    const lost = Object.assign(new Error('Connection lost: The server closed the connection.'), {
      code: 'PROTOCOL_CONNECTION_LOST',
      fatal: true,
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), {
      code: 'ECONNREFUSED',
      errno: -111,
      address: '127.0.0.1',
      port: 3306,
    });
    // TypeORM wraps statement failures, copying the driver's code.
    const wrapped = new QueryFailedError('SELECT 1 FROM offer', [], lost);
    const original = api.dataSource.query.bind(api.dataSource);
    for (const failure of [lost, refused, wrapped]) {
      // The first statement is the caller's lookup (R-30); the resolver's is the second.
      jest
        .spyOn(api.dataSource, 'query')
        .mockImplementationOnce(original)
        .mockRejectedValueOnce(failure);
      const { result, raw, requestId } = await send('{ offers(first: 5) { nodes { name } } }');
      expect(result.status).toBe(503);
      expect(result.headers.get('retry-after')).toBe('1');
      expect(result.errors?.[0]).toMatchObject({
        message: 'The service is temporarily unavailable; retry shortly.',
        extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, requestId },
      });
      expectNothingInternal(result, raw);
      expectLogged(requestId, new RegExp(failure.message.slice(0, 20)));
    }
  });

  test('R-32 a mutation failing unexpectedly mid-transaction: masked, logged, and nothing of it is written', async () => {
    jest
      .spyOn(auditService, 'writeAuditRecord')
      .mockRejectedValueOnce(new Error('secret-internal-detail: audit_record insert failed'));
    const southridge = await api.tokenFor(demo.southridge.globalAdmin);
    const requestId = `hrd-mask-mutation-${Date.now()}`;
    const response = await expectDbUnchanged(api.dataSource, () =>
      fetch(`${api.url}graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${southridge}`,
          'x-request-id': requestId,
        },
        body: JSON.stringify({
          query:
            'mutation { acceptPartnerAgreement(input: { consent: true }) { partner { agreementAcceptedAt } userErrors { code } } }',
        }),
      }),
    );
    const raw = await response.text();
    const json = JSON.parse(raw);
    expect(json.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId });
    expectNothingInternal(json, raw);
    expectLogged(requestId, /secret-internal-detail/);
  });

  test('client errors keep their own message and code; they are not logged as failures', async () => {
    const { result, requestId } = await send('{ node(id: "not-an-id") { id } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(log.forRequest(requestId).filter((l) => l.level >= 50)).toEqual([]);
  });
});
