import { getIntrospectionQuery } from 'graphql';
import { demo } from '../support/demo';
import {
  expectOk,
  startTestServer,
  type GqlClient,
  type GqlResult,
  type TestServer,
} from '../support/test-server';

/**
 * The deepest read the domain offers, written the Relay way (edges/node): a provider's
 * resellers, their customers, their subscriptions and each one's offer. 13 levels of fields;
 * the default depth limit (15) leaves two for a leaf object such as the offer's regions.
 */
const deepestRead = (resellers: number, customers: number, subscriptions: number) => `{
  viewer { organization { ... on Partner {
    indirectResellers(first: ${resellers}) { edges { node {
      customers(first: ${customers}) { edges { node {
        subscriptions(first: ${subscriptions}) { edges { node { quantity offer { name } } } }
      } } }
    } } }
  } } }
}`;

const nested = (depth: number) => {
  // partner -> indirectResellers -> nodes -> indirectProviders -> nodes -> ... : 2 levels each
  let inner = 'name';
  for (let i = 0; i < depth; i++) {
    inner =
      i % 2 === 0
        ? `indirectResellers(first: 1) { nodes { ${inner} } }`
        : `indirectProviders(first: 1) { nodes { ${inner} } }`;
  }
  return `{ viewer { organization { ... on Partner { ${inner} } } } }`;
};

function expectRefused(result: GqlResult, reason: string) {
  expect(result.status).toBe(400);
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', reason });
  expect(typeof result.errors![0].extensions!.limit).toBe('number');
  expect(result.errors![0].message).not.toMatch(/Syntax Error/);
}

describe('query limits: depth, aliases, directives, tokens and cost', () => {
  let api: TestServer;
  let contoso: GqlClient;
  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    contoso = await api.as(demo.contoso.globalAdmin);
  });
  afterAll(() => api.close());

  test('every answer reports its calculated cost and the limit in extensions.cost', async () => {
    const result = await contoso.query('{ customers(first: 50) { nodes { name } } }');
    expectOk(result);
    // One list query plus 50 objects.
    expect(result.extensions?.cost).toEqual({ requestedQueryCost: 51, maximumQueryCost: 50_000 });
  });

  test('cost model: objects cost 1, scalars 0, a connection its page size times its items, mutations 10', async () => {
    const cost = async (query: string, variables?: Record<string, unknown>) =>
      (await contoso.query(query, variables)).extensions?.cost?.requestedQueryCost;
    expect(await cost('{ __typename }')).toBe(0);
    expect(await cost('{ viewer { roles } }')).toBe(0);
    expect(await cost('{ viewer { organization { id } } }')).toBe(1);
    // Default page size is 20.
    expect(await cost('{ customers { nodes { name } } }')).toBe(21);
    expect(await cost('{ customers(first: 10) { totalCount pageInfo { hasNextPage } } }')).toBe(1);
    // Page sizes come from variables as well as literals; `last` counts like `first`.
    expect(await cost('query($n: Int) { customers(last: $n) { nodes { name } } }', { n: 5 })).toBe(
      6,
    );
    // edges/node and nodes price the same object.
    expect(await cost('{ customers(first: 10) { edges { cursor node { name } } } }')).toBe(11);
    // Nested connections multiply: 1 + 10 * (1 customer + 1 + 5 * (1 subscription + 1 offer)).
    expect(
      await cost(
        '{ customers(first: 10) { nodes { subscriptions(first: 5) { nodes { offer { name } } } } } }',
      ),
    ).toBe(1 + 10 * (1 + 1 + 5 * 2));
    // Reference data served from memory is free; the list of IDs counts what it asks for.
    expect(await cost('{ cspRegions { name countries { name } } }')).toBe(0);
    expect(
      await cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['a', 'b', 'c'] }),
    ).toBe(3);
    // Introspection is free.
    expect(await cost('{ __schema { types { name fields { name } } } }')).toBe(0);
    // A mutation costs 10 plus what its payload selects.
    const accept = await (
      await api.as(demo.lucerne.globalAdmin)
    ).query(
      'mutation { acceptPartnerAgreement(input: { consent: true }) { partner { name } userErrors { code } } }',
    );
    expect(accept.extensions?.cost?.requestedQueryCost).toBe(11);
  });

  test('a cached cost follows every variable it depends on, and only those', async () => {
    const cost = async (query: string, variables: Record<string, unknown>) =>
      (await contoso.query(query, variables)).extensions?.cost?.requestedQueryCost;
    // The same document again and again (Apollo caches it, and the cost with it).
    const query = `query($n: Int!, $withOffer: Boolean!, $status: SubscriptionStatus) {
      subscriptions(first: $n, status: $status) { nodes { ...S } }
    }
    fragment S on Subscription { id offer @include(if: $withOffer) { id } }`;
    expect(await cost(query, { n: 5, withOffer: false })).toBe(1 + 5);
    expect(await cost(query, { n: 5, withOffer: true })).toBe(1 + 5 * 2);
    expect(await cost(query, { n: 10, withOffer: true })).toBe(1 + 10 * 2);
    // A variable the cost does not read changes nothing.
    expect(await cost(query, { n: 10, withOffer: true, status: 'ACTIVE' })).toBe(1 + 10 * 2);
    expect(await cost(query, { n: 5, withOffer: false, status: 'SUSPENDED' })).toBe(1 + 5);
    const skip = 'query($s: Boolean!) { viewer { organization @skip(if: $s) { id } } }';
    expect(await cost(skip, { s: false })).toBe(1);
    expect(await cost(skip, { s: true })).toBe(0);
  });

  test('the deepest legitimate read passes the depth limit, and at ~10,000 nodes the cost limit', async () => {
    const small = await contoso.query(deepestRead(10, 10, 10));
    const data = expectOk(small);
    expect(data.viewer.organization.indirectResellers.edges.length).toBeGreaterThan(0);
    // The benchmark's shape: 20 resellers x 25 customers x 20 subscriptions = 10,000 subscriptions
    // and their offers, about 21,000 objects in all.
    const large = await contoso.query(deepestRead(20, 25, 20));
    expectOk(large);
    expect(large.extensions?.cost.requestedQueryCost).toBe(
      1 + 1 + 20 * (1 + 1 + 25 * (1 + 1 + 20 * 2)),
    );
    expect(large.extensions?.cost.requestedQueryCost).toBeLessThan(50_000);
  });

  test('QUERY_TOO_COMPLEX (MAX_COST): a query that could return a million objects is refused before it runs', async () => {
    const result = await contoso.query(deepestRead(100, 100, 100));
    expectRefused(result, 'MAX_COST');
    expect(result.errors![0].extensions).toMatchObject({ limit: 50_000 });
    expect(result.errors![0].extensions!.found).toBeGreaterThan(1_000_000);
    // Only the caller's lookup: nothing of the query ran.
    expect(result.sqlStatements).toBe(1);
    // The refusal still says what the query would have cost.
    expect(result.extensions?.cost?.requestedQueryCost).toBe(result.errors![0].extensions!.found);
  });

  test('QUERY_TOO_COMPLEX (MAX_COST): fragments that double at every level are refused quickly, not expanded', async () => {
    const levels = 24;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const started = Date.now();
    const result = await contoso.query(
      `query { ...F0 }\n${fragments}\nfragment F${levels} on Query { viewer { organization { id } } }`,
    );
    expectRefused(result, 'MAX_COST');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('QUERY_TOO_COMPLEX (MAX_DEPTH): one level deeper than the limit is refused, fragments do not count as levels', async () => {
    // nested(n) has 3 + 2n levels: viewer, organization, n lists with their nodes, name.
    const atLimit = await contoso.query(nested(6));
    expectOk(atLimit);
    const tooDeep = await contoso.query(nested(7));
    expectRefused(tooDeep, 'MAX_DEPTH');
    expect(tooDeep.errors![0].extensions).toMatchObject({ limit: 15, found: 17 });
    // The same read written with named fragments has the same depth.
    const withFragments = await contoso.query(`
      query { viewer { organization { ...Org } } }
      fragment Org on Partner { indirectResellers(first: 1) { nodes { ...Reseller } } }
      fragment Reseller on Partner { name }`);
    expectOk(withFragments);
  });

  test('QUERY_TOO_COMPLEX (MAX_ALIASES): 15 aliases pass, 16 are refused', async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { roles }`).join(' ')} }`;
    expectOk(await contoso.query(aliases(15)));
    const result = await contoso.query(aliases(16));
    expectRefused(result, 'MAX_ALIASES');
    expect(result.errors![0].extensions).toMatchObject({ limit: 15, found: 16 });
  });

  test('QUERY_TOO_COMPLEX (MAX_DIRECTIVES): 50 directives pass, 51 are refused', async () => {
    const directives = (n: number) =>
      `{ viewer { ${'... @include(if: true) { roles } '.repeat(n)} } }`;
    expectOk(await contoso.query(directives(50)));
    const result = await contoso.query(directives(51));
    expectRefused(result, 'MAX_DIRECTIVES');
    expect(result.errors![0].extensions).toMatchObject({ limit: 50, found: 51 });
  });

  test('QUERY_TOO_COMPLEX (MAX_TOKENS): a query over 1000 tokens is refused while parsing; introspection fits', async () => {
    const introspection = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const schema = expectOk(await contoso.query(introspection));
    expect(schema.__schema.queryType.name).toBe('Query');
    const long = `{ viewer { ${'roles '.repeat(1000)} } }`;
    const result = await contoso.query(long);
    expectRefused(result, 'MAX_TOKENS');
    expect(result.errors![0].extensions).toMatchObject({ limit: 1000 });
  });

  test('page sizes are capped at 100: first/last above it are BAD_USER_INPUT naming the argument', async () => {
    expectOk(await contoso.query('{ customers(first: 100) { nodes { name } } }'));
    for (const [query, field] of [
      ['{ customers(first: 101) { nodes { name } } }', 'first'],
      ['{ subscriptions(last: 1000) { nodes { id } } }', 'last'],
      [
        '{ viewer { organization { ... on Partner { customers(first: 500) { totalCount } } } } }',
        'first',
      ],
    ]) {
      const result = await contoso.query(query);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  test('limits are configurable by environment', async () => {
    const strict = await startTestServer({
      seed: 'demo',
      env: {
        QUERY_MAX_DEPTH: '4',
        QUERY_MAX_COST: '100',
        QUERY_MAX_ALIASES: '1',
        RATE_LIMIT_POINTS_PER_MINUTE: '0',
      },
    });
    try {
      const client = await strict.as(demo.contoso.globalAdmin);
      expectRefused(await client.query(nested(1)), 'MAX_DEPTH');
      expectRefused(await client.query('{ customers(first: 100) { nodes { name } } }'), 'MAX_COST');
      expectRefused(
        await client.query('{ a: viewer { roles } b: viewer { roles } }'),
        'MAX_ALIASES',
      );
      const ok = await client.query('{ customers(first: 99) { nodes { name } } }');
      expect(ok.extensions?.cost).toEqual({ requestedQueryCost: 100, maximumQueryCost: 100 });
    } finally {
      await strict.close();
    }
  });
});

describe('field suggestions', () => {
  const misspelt = '{ customers { nodez { name } } }';

  test('production hides "Did you mean" hints (fields, arguments, enum values); the error stays clear', async () => {
    const api = await startTestServer({ seed: 'demo', env: { NODE_ENV: 'production' } });
    try {
      const client = await api.as(demo.contoso.globalAdmin);
      for (const query of [
        misspelt,
        '{ customers(firts: 1) { totalCount } }',
        '{ partners(kind: INDIRECT_RESELER) { totalCount } }',
      ]) {
        const result = await client.query(query);
        expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(result.errors![0].message).not.toMatch(/Did you mean|nodes|first|INDIRECT_RESELLER/);
      }
      const variable = await client.query(
        'query($k: PartnerKind) { partners(kind: $k) { totalCount } }',
        {
          k: 'INDIRECT_RESELER',
        },
      );
      expect(variable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(variable.errors![0].message).not.toMatch(/Did you mean/);
    } finally {
      await api.close();
    }
  });

  test('development keeps them, to help people exploring the API', async () => {
    const api = await startTestServer({ seed: 'demo' });
    try {
      const result = await (await api.as(demo.contoso.globalAdmin)).query(misspelt);
      expect(result.errors?.[0]?.message).toMatch(/Did you mean "nodes"/);
    } finally {
      await api.close();
    }
  });
});
