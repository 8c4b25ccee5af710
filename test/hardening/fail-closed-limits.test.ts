import { demo } from '../support/demo';
import { captureLog, type CapturedLog } from '../support/log-capture';
import { startTestServer, type GqlClient, type TestServer } from '../support/test-server';

/**
 * Regressions of the outside attack walk (issue "Fail closed"): the cost limit and the rate
 * limit are not bypassed by an explicit null, hostile variables are BAD_USER_INPUT before any
 * work, a subscription over HTTP is the client's mistake, and an oversized body gets its 413.
 * None of them may log an error: they are the client's faults, not the server's.
 */

/** About 10,000 points: 1 + 100 customers x (1 + 1 + 98 subscriptions), + 2 for the partners. */
const COSTLY = `query($r: Boolean) {
  viewer { organization { ... on Customer { partners(includeRemoved: $r) { totalCount } } } }
  customers(first: 100) { nodes { subscriptions(first: 98) { nodes { id } } } }
}`;
const COSTLY_COST = 1 + 100 * (1 + 1 + 98) + 2;

/** The query: a million objects, whatever `$r` is. */
const MILLION = `query($r: Boolean) {
  viewer { organization { ... on Customer { partners(includeRemoved: $r) { totalCount } } } }
  customers(first: 100) { nodes { subscriptions(first: 100) { nodes {
    customer { subscriptions(first: 100) { nodes { id } } }
  } } } }
}`;

const BUDGET = 30_000;

describe('fail closed: query limits and the HTTP front', () => {
  let api: TestServer;
  let log: CapturedLog;
  let contoso: GqlClient;
  let requestNumber = 0;

  beforeAll(async () => {
    log = captureLog('info');
    api = await startTestServer({
      seed: 'demo',
      logger: log.logger,
      env: { RATE_LIMIT_POINTS_PER_MINUTE: String(BUDGET), QUERY_MAX_COST: String(BUDGET) },
    });
    contoso = await api.as(demo.contoso.globalAdmin);
  });
  afterAll(() => api?.close());

  /** A raw POST with a known request ID, so that its log lines can be read. */
  async function send(body: string, headers: Record<string, string> = {}) {
    const requestId = `fc-limits-${++requestNumber}-${Date.now()}`;
    const response = await fetch(`${api.url}graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, json: JSON.parse(text), requestId };
  }

  const errorsLogged = (requestId: string) =>
    log.forRequest(requestId).filter((line) => line.level >= 50);

  test('an explicit null for an argument with a default is BAD_USER_INPUT and does not poison the cost cache', async () => {
    const withNull = await contoso.query(MILLION, { r: null });
    expect(withNull.status).toBe(400);
    expect(withNull.data ?? null).toBeNull();
    // Only the caller's lookup (caller-resolver.ts) ran: nothing of the query.
    expect(withNull.sqlStatements).toBe(1);
    expect(withNull.errors).toHaveLength(1);
    expect(withNull.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'r' });
    expect(withNull.errors![0].message).toMatch(/\$r/);
    // The same document afterwards, with a value: still priced, still refused.
    for (const variables of [{ r: false }, { r: true }, {}]) {
      const result = await contoso.query(MILLION, variables);
      expect(result.status).toBe(400);
      expect(result.sqlStatements).toBe(1); // the caller's lookup only
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'QUERY_TOO_COMPLEX',
        reason: 'MAX_COST',
        found: 1_030_203,
      });
    }
  });

  test('the rate limit charges what a query costs: nulls do not make 10,000-point queries free', async () => {
    const fabrikam = await api.as(demo.fabrikam.globalAdmin);
    for (let i = 0; i < 6; i++) {
      const result = await fabrikam.query(COSTLY, { r: null });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'r' });
      expect(result.data ?? null).toBeNull();
      // Only the caller's lookup ran.
      expect(result.sqlStatements).toBe(1);
    }
    const charged: number[] = [];
    let refused;
    for (let i = 0; i < 6 && !refused; i++) {
      const result = await fabrikam.query(COSTLY, i % 2 ? { r: false } : {});
      if (result.status === 429) refused = result;
      else {
        expect(result.extensions?.cost?.requestedQueryCost).toBe(COSTLY_COST);
        charged.push(result.extensions!.rateLimit.cost);
      }
    }
    expect(charged).toEqual(Array(Math.floor(BUDGET / COSTLY_COST)).fill(COSTLY_COST));
    expect(refused?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  test('explicit nulls on node, nodes and offers are BAD_USER_INPUT naming the variable, not internal errors', async () => {
    const cases: Array<[string, string]> = [
      ['query($i: [ID!] = []) { nodes(ids: $i) { id } }', 'i'],
      ['query($id: ID = "x") { node(id: $id) { id } }', 'id'],
      ['query($a: Boolean = true) { offers(availableOnly: $a) { totalCount } }', 'a'],
      // Inside a list literal the item's type refuses null just the same.
      ['query($one: ID = "x") { nodes(ids: [$one]) { id } }', 'one'],
    ];
    // A default of null is an explicit null too, sent or not.
    const nullDefault = await contoso.query(
      'query($r: Boolean = null) { viewer { organization { ... on Customer { partners(includeRemoved: $r) { totalCount } } } } }',
    );
    expect(nullDefault.status).toBe(400);
    expect(nullDefault.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'r',
    });
    for (const [query, variable] of cases) {
      const { status, json, requestId } = await send(
        JSON.stringify({ query, variables: { [variable]: null } }),
        { authorization: `Bearer ${contoso.token}` },
      );
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(json.errors).toHaveLength(1);
      expect(json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: variable });
      expect(json.errors[0].message).toContain(`$${variable}`);
      expect(errorsLogged(requestId)).toEqual([]);
      // Left out, the default applies and the query runs (the default ID "x" is no ID of ours).
      const ran = await contoso.query(query);
      expect(ran.status).toBeLessThan(500);
      expect(ran.errors?.map((e) => e.extensions?.code) ?? []).not.toContain(
        'INTERNAL_SERVER_ERROR',
      );
    }
  });

  test('variables nested deeper than their type allows are BAD_USER_INPUT before any other work, even anonymous', async () => {
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    // Built as text: the client's own JSON.stringify would overflow as the server's did.
    const deep = (levels: number) =>
      `{"query":${JSON.stringify(query)},"variables":{"ids":${'['.repeat(levels)}"a"${']'.repeat(levels)}}}`;
    for (const levels of [20_000, 3, 2]) {
      const { status, json, requestId } = await send(deep(levels));
      expect({ levels, status }).toEqual({ levels, status: 400 });
      expect(json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
      expect(errorsLogged(requestId)).toEqual([]);
    }
    // The same for objects inside an input object, and for a scalar given a list.
    const nestedInput = await send(
      JSON.stringify({
        query:
          'mutation($input: EndPartnershipInput!) { endPartnership(input: $input) { __typename } }',
        variables: { input: { partnershipId: [[[[{ a: [[[]]] }]]]] } },
      }),
      { authorization: `Bearer ${contoso.token}` },
    );
    expect(nestedInput.status).toBe(400);
    expect(nestedInput.json.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input',
    });
    expect(errorsLogged(nestedInput.requestId)).toEqual([]);
    // One level, as the type allows, is priced (its length) and runs (anonymous: signed out).
    const ok = await api.anonymous.query(query, { ids: ['a', 'b'] });
    expect(ok.extensions?.cost?.requestedQueryCost).toBe(2);
    expect(ok.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a subscription operation is refused with HTTP 400 and GRAPHQL_VALIDATION_FAILED, nothing logged as an error', async () => {
    for (const query of [
      'subscription { subscriptionUpdated { id } }',
      'subscription Events { __typename }',
    ]) {
      const { status, json, requestId } = await send(JSON.stringify({ query }), {
        authorization: `Bearer ${contoso.token}`,
      });
      expect(status).toBe(400);
      expect(json.errors).toHaveLength(1);
      expect(json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(json.errors[0].message).toMatch(/no subscriptions over HTTP/);
      expect(errorsLogged(requestId)).toEqual([]);
    }
  });

  test('an oversized body is answered 413, with or without a Content-Length, and the server serves on', async () => {
    const big = JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(2_000_000) });
    const declared = await fetch(`${api.url}graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    const refusal = (await declared.json()) as { errors: Array<Record<string, any>> };
    expect(refusal.errors[0].extensions.code).toBe('BAD_REQUEST');

    const bytes = new TextEncoder().encode(big);
    const chunked = await fetch(`${api.url}graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024)
            controller.enqueue(bytes.subarray(i, i + 64 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const chunkedRefusal = (await chunked.json()) as { errors: Array<Record<string, any>> };
    expect(chunkedRefusal.errors[0].message).toMatch(/too large/);

    const after = await api.anonymous.query('{ __typename }');
    expect(after.data).toEqual({ __typename: 'Query' });
  });
});
