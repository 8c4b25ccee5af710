import { demo } from '../support/demo';
import { expectOk, startTestServer, type GqlClient, type TestServer } from '../support/test-server';

/** reads are scoped; out-of-scope objects read exactly like absent ones. */
describe('R-30 visibility of the read graph', () => {
  let api: TestServer;
  let ids: Record<string, string>;

  const customerNames = async (client: GqlClient) =>
    expectOk(await client.query('{ customers(first: 100) { nodes { name } } }'))
      .customers.nodes.map((n: any) => n.name)
      .sort();

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    const vendor = await api.as(demo.vendor);
    const data = expectOk(
      await vendor.query(`{
        customers(first: 100) { nodes { id name subscriptions(first: 100) { nodes { id } } } }
        partners(first: 100) { nodes { id name } }
      }`),
    );
    ids = {};
    for (const c of data.customers.nodes) {
      ids[c.name] = c.id;
      c.subscriptions.nodes.forEach((s: any, i: number) => (ids[`${c.name} sub ${i}`] = s.id));
    }
    for (const p of data.partners.nodes) ids[p.name] = p.id;
  });
  afterAll(() => api.close());

  test('R-30 the vendor sees every customer', async () => {
    expect(await customerNames(await api.as(demo.vendor))).toHaveLength(10);
  });

  test("R-30 a reseller sees only the customers it is associated with, not another reseller's", async () => {
    expect(await customerNames(await api.as(demo.litware.globalAdmin))).toEqual(['Tailspin Toys']);
    expect(await customerNames(await api.as(demo.trey.globalAdmin))).toEqual([
      "Margie's Travel",
      'Northwind Traders',
      'Wingtip Toys',
    ]);
  });

  test("R-30 a reseller cannot read another reseller's customer by node(id:), nor its subscriptions", async () => {
    const litware = await api.as(demo.litware.globalAdmin);
    const result = await litware.query(
      'query($c: ID!, $s: ID!) { customer: node(id: $c) { id ... on Customer { name } } sub: node(id: $s) { id } }',
      { c: ids['Northwind Traders'], s: ids['Northwind Traders sub 0'] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ customer: null, sub: null });
  });

  test('R-30 an out-of-scope ID and an unknown ID give the same answer', async () => {
    const litware = await api.as(demo.litware.globalAdmin);
    const unknown = Buffer.from('Customer:999999').toString('base64url');
    const foreign = await litware.query('query($id: ID!) { node(id: $id) { id } }', {
      id: ids['Northwind Traders'],
    });
    const absent = await litware.query('query($id: ID!) { node(id: $id) { id } }', { id: unknown });
    expect(foreign.data).toEqual(absent.data);
    expect(foreign.errors).toEqual(absent.errors);
  });

  test("R-30 a provider sees its resellers' customers only where it is involved itself", async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const data = expectOk(
      await contoso.query(
        `{ indirectResellers(first: 10) { edges { node { name customers { nodes { name } } } partnership { state } } } }`,
      ),
    );
    const trey = data.indirectResellers.edges.find((e: any) => e.node.name === 'Trey Research IT');
    // Trey also serves Wingtip Toys through Fabrikam: Contoso must not see it.
    expect(trey.node.customers.nodes.map((n: any) => n.name)).toEqual(['Northwind Traders']);
  });

  test("R-30 a provider does not see its reseller's other providers", async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const result = await contoso.query(
      'query($id: ID!) { node(id: $id) { ... on Partner { name indirectProviders { nodes { name } } } } }',
      {
        id: ids['Trey Research IT'],
      },
    );
    expect(expectOk(result).node.indirectProviders.nodes.map((n: any) => n.name)).toEqual([
      'Contoso Distribution',
    ]);
    const fabrikam = await contoso.query('query($id: ID!) { node(id: $id) { id } }', {
      id: ids['Fabrikam Distribution'],
    });
    expect(expectOk(fabrikam).node).toBeNull();
  });

  test('R-30 a reseller sees the subscriptions it is partner of record or support contact for, and their customer (R-26)', async () => {
    const litware = await api.as(demo.litware.globalAdmin);
    const data = expectOk(
      await litware.query(
        '{ subscriptions(first: 50) { nodes { quantity customer { name } billingPartner { name } } } }',
      ),
    );
    expect(data.subscriptions.nodes).toEqual(
      expect.arrayContaining([
        {
          quantity: 120,
          customer: { name: 'Tailspin Toys' },
          billingPartner: { name: 'Contoso Distribution' },
        },
      ]),
    );
    expect(data.subscriptions.nodes.every((n: any) => n.customer.name === 'Tailspin Toys')).toBe(
      true,
    );
  });

  test('R-30 a customer admin sees its own tenant, its subscriptions and its partners only', async () => {
    const northwind = await api.as(demo.customers.northwind);
    expect(await customerNames(northwind)).toEqual(['Northwind Traders']);
    const data = expectOk(
      await northwind.query(
        `{ viewer { organization { ... on Customer { name partners { nodes { name } } subscriptions { totalCount } } } } }`,
      ),
    );
    expect(data.viewer.organization.partners.nodes.map((p: any) => p.name).sort()).toEqual([
      'Contoso Distribution',
      'Trey Research IT',
    ]);
    expect(data.viewer.organization.subscriptions.totalCount).toBe(2);
    const other = await northwind.query('query($id: ID!) { node(id: $id) { id } }', {
      id: ids['Wingtip Toys'],
    });
    expect(expectOk(other).node).toBeNull();
  });

  test("R-30 multi-partner: a partner with delegated admin sees the customer's subscriptions, a partner without none of the other's", async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const alpine = expectOk(
      await contoso.query(
        'query($id: ID!) { node(id: $id) { ... on Customer { name subscriptions { totalCount } partners { nodes { name } } } } }',
        { id: ids['Alpine Ski House'] },
      ),
    );
    expect(alpine.node.subscriptions.totalCount).toBe(1);
    // Adatum serves Alpine too, but Contoso has no partnership with Adatum: it stays hidden.
    expect(alpine.node.partners.nodes.map((p: any) => p.name)).toEqual(['Contoso Distribution']);
  });

  test('R-30 users are visible to their own organization only', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const own = expectOk(
      await contoso.query(
        '{ viewer { organization { ... on Partner { users { totalCount } } } } }',
      ),
    );
    expect(own.viewer.organization.users.totalCount).toBe(5);
    const trey = expectOk(
      await contoso.query(
        'query($id: ID!) { node(id: $id) { ... on Partner { users { totalCount } } } }',
        { id: ids['Trey Research IT'] },
      ),
    );
    expect(trey.node.users.totalCount).toBe(0);
  });

  test('without a token only the public directory and reference data answer', async () => {
    const directory = await api.anonymous.query(
      '{ providerDirectory { nodes { name } } cspRegions { code } }',
    );
    expect(expectOk(directory).providerDirectory.nodes.map((n: any) => n.name)).toEqual([
      'Contoso Distribution',
      'Fabrikam Distribution',
    ]);
    expect(expectOk(await api.anonymous.query('{ viewer { roles } }')).viewer).toBeNull();
    for (const query of [
      '{ customers { totalCount } }',
      '{ subscriptions { totalCount } }',
      '{ partners { totalCount } }',
      '{ offers { totalCount } }',
    ]) {
      const result = await api.anonymous.query(query);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data?.customers ?? null).toBeNull();
    }
    const node = await api.anonymous.query('query($id: ID!) { node(id: $id) { id } }', {
      id: ids['Northwind Traders'],
    });
    expect(node.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
