import { expectOk, startTestServer, type GqlClient, type TestServer } from '../support/test-server';
import { buildChannel, PROVIDER_ADMIN } from './channel-fixture';

/**
 * Relay cursor connections: first/after, last/before, totalCount, the page-size cap, malformed
 * cursors and IDs, and the list filters. Fixture: 3 resellers (ACTIVE, SUSPENDED, INVITED) of
 * one provider, 3 customers each, 2 subscriptions per customer (one ACTIVE, one SUSPENDED).
 */
describe('connections and cursors', () => {
  let api: TestServer;
  let provider: GqlClient;

  beforeAll(async () => {
    api = await startTestServer({ seed: (b) => buildChannel(b, 3, 3) });
    provider = await api.as(PROVIDER_ADMIN);
  });
  afterAll(() => api.close());

  const names = (connection: any) => connection.nodes.map((n: any) => n.name);
  const badInput = (result: any, field: string) => {
    expect(result.data?.customers ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  };

  test('first/after pages forward without gaps or overlaps, with pageInfo', async () => {
    const all = expectOk(await provider.query('{ customers(first: 100) { nodes { name } } }'));
    expect(all.customers.nodes).toHaveLength(9);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = expectOk(
        await provider.query(
          'query($after: String) { customers(first: 4, after: $after) { nodes { name } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
          { after },
        ),
      ).customers;
      pages++;
      seen.push(...names(page));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(names(all.customers));
  });

  test('last/before pages backward and returns items in list order', async () => {
    const all = names(
      expectOk(await provider.query('{ customers(first: 100) { nodes { name } } }')).customers,
    );
    const tail = expectOk(
      await provider.query(
        '{ customers(last: 2) { nodes { name } pageInfo { hasNextPage hasPreviousPage startCursor } } }',
      ),
    ).customers;
    expect(names(tail)).toEqual(all.slice(-2));
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = expectOk(
      await provider.query(
        'query($before: String) { customers(last: 3, before: $before) { nodes { name } pageInfo { hasNextPage } } }',
        { before: tail.pageInfo.startCursor },
      ),
    ).customers;
    expect(names(before)).toEqual(all.slice(-5, -2));
    expect(before.pageInfo.hasNextPage).toBe(true);
  });

  test('totalCount counts the whole filtered list, not the page, at the top and nested', async () => {
    const data = expectOk(
      await provider.query(`{
        customers(first: 2) { totalCount nodes { name } }
        indirectResellers(first: 1) { totalCount edges { node { customers(first: 1) { totalCount } } } }
      }`),
    );
    expect(data.customers.totalCount).toBe(9);
    expect(data.customers.nodes).toHaveLength(2);
    expect(data.indirectResellers.totalCount).toBe(3);
    expect(data.indirectResellers.edges[0].node.customers.totalCount).toBe(3);
  });

  test('page size is capped at 100: first or last above it is BAD_USER_INPUT naming the argument', async () => {
    badInput(await provider.query('{ customers(first: 101) { nodes { name } } }'), 'first');
    badInput(await provider.query('{ customers(last: 101) { nodes { name } } }'), 'last');
    badInput(await provider.query('{ customers(first: -1) { nodes { name } } }'), 'first');
    expectOk(await provider.query('{ customers(first: 100) { nodes { name } } }'));
  });

  test('malformed cursors and IDs are BAD_USER_INPUT naming the argument', async () => {
    badInput(
      await provider.query('{ customers(first: 2, after: "not-a-cursor") { nodes { name } } }'),
      'after',
    );
    badInput(
      await provider.query('{ customers(last: 2, before: "Y3Vyc29yOng") { nodes { name } } }'),
      'before',
    );
    badInput(
      await provider.query(
        '{ customers(first: 2, indirectResellerId: "garbage") { nodes { name } } }',
      ),
      'indirectResellerId',
    );
    const node = await provider.query('{ node(id: "%%%") { id } }');
    expect(node.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    // A well-formed ID of the wrong type in a filter is malformed input too.
    const offerId = Buffer.from('Offer:1').toString('base64url');
    badInput(
      await provider.query(
        `{ customers(first: 2, indirectResellerId: "${offerId}") { nodes { name } } }`,
      ),
      'indirectResellerId',
    );
  });

  test('R-22 customers filtered by indirect reseller', async () => {
    const resellers = expectOk(
      await provider.query('{ indirectResellers(first: 10) { nodes { id name } } }'),
    ).indirectResellers.nodes;
    const second = resellers.find((r: any) => r.name === 'Reseller 2');
    const filtered = expectOk(
      await provider.query(
        'query($r: ID!) { customers(first: 100, indirectResellerId: $r) { nodes { name } } }',
        { r: second.id },
      ),
    );
    expect(names(filtered.customers)).toEqual(['Customer 2-1', 'Customer 2-2', 'Customer 2-3']);
  });

  test('subscriptions filtered by status and by customer', async () => {
    const all = expectOk(
      await provider.query(
        '{ subscriptions(first: 100) { nodes { status customer { id name } } } }',
      ),
    ).subscriptions.nodes;
    expect(all).toHaveLength(18);
    const suspended = expectOk(
      await provider.query('{ subscriptions(first: 100, status: SUSPENDED) { nodes { status } } }'),
    ).subscriptions.nodes;
    expect(suspended).toHaveLength(9);
    expect(suspended.every((s: any) => s.status === 'SUSPENDED')).toBe(true);
    const customer = all[0].customer;
    const ofCustomer = expectOk(
      await provider.query(
        'query($c: ID!) { subscriptions(first: 100, customerId: $c, status: ACTIVE) { nodes { customer { name } status } } }',
        { c: customer.id },
      ),
    ).subscriptions.nodes;
    expect(ofCustomer).toEqual([{ customer: { name: customer.name }, status: 'ACTIVE' }]);
  });

  test('resellers filtered by partnership state', async () => {
    const byState = async (state: string) =>
      expectOk(
        await provider.query(
          `{ indirectResellers(first: 10, state: ${state}) { edges { node { name } partnership { state } } } }`,
        ),
      ).indirectResellers.edges.map((e: any) => [e.node.name, e.partnership.state]);
    expect(await byState('ACTIVE')).toEqual([['Reseller 1', 'ACTIVE']]);
    expect(await byState('SUSPENDED')).toEqual([['Reseller 2', 'SUSPENDED']]);
    expect(await byState('INVITED')).toEqual([['Reseller 3', 'INVITED']]);
    expect(await byState('REVOKED')).toEqual([]);
  });
});
