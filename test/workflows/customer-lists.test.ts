import { orgId } from '../support/customers';
import { demo } from '../support/demo';
import { expectOk, startTestServer, type TestServer } from '../support/test-server';

const names = (connection: { nodes: Array<{ name: string }> }) =>
  connection.nodes.map((n) => n.name).sort();

describe('R-22 customer lists across the two tiers', () => {
  let api: TestServer;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    for (const name of [
      'Contoso Distribution',
      'Fabrikam Distribution',
      'Trey Research IT',
      'Litware Systems',
      'Proseware Consulting',
    ]) {
      ids[name] = await orgId(api.dataSource, name);
    }
  });
  afterAll(() => api.close());

  test('R-22 a provider filters its customer list by indirect reseller, on the root list and on itself', async () => {
    const contoso = await api.as(demo.contoso.helpdesk);
    const data = expectOk(
      await contoso.query(
        `query($trey: ID, $litware: ID, $proseware: ID) {
          all: customers { nodes { name } }
          trey: customers(indirectResellerId: $trey) { nodes { name } }
          litware: customers(indirectResellerId: $litware) { nodes { name } }
          foreign: customers(indirectResellerId: $proseware) { totalCount nodes { name } }
          viewer { organization { ... on Partner {
            trey: customers(indirectResellerId: $trey) { nodes { name } }
            litware: customers(indirectResellerId: $litware) { nodes { name } }
          } } }
        }`,
        {
          trey: ids['Trey Research IT'],
          litware: ids['Litware Systems'],
          proseware: ids['Proseware Consulting'],
        },
      ),
    );
    expect(names(data.all)).toEqual([
      'Alpine Ski House',
      'Best For You Organics',
      'Northwind Traders',
      'Tailspin Toys',
    ]);
    expect(names(data.trey)).toEqual(['Northwind Traders']);
    expect(names(data.litware)).toEqual(['Tailspin Toys']);
    // Another provider's reseller filters to nothing: no customer of Fabrikam leaks.
    expect(data.foreign).toEqual({ totalCount: 0, nodes: [] });
    expect(names(data.viewer.organization.trey)).toEqual(['Northwind Traders']);
    expect(names(data.viewer.organization.litware)).toEqual(['Tailspin Toys']);
  });

  test('R-22 a reseller lists the customers it shares with each of its providers', async () => {
    const trey = await api.as(demo.trey.sales);
    const data = expectOk(
      await trey.query(
        `query($contoso: ID!, $fabrikam: ID!) {
          customers { nodes { name } }
          indirectProviders { edges { node { name customers { nodes { name } } } } }
          contoso: node(id: $contoso) { ... on Partner { customers { nodes { name } } } }
          fabrikam: node(id: $fabrikam) { ... on Partner { customers { nodes { name } } } }
        }`,
        { contoso: ids['Contoso Distribution'], fabrikam: ids['Fabrikam Distribution'] },
      ),
    );
    expect(names(data.customers)).toEqual(["Margie's Travel", 'Northwind Traders', 'Wingtip Toys']);
    expect(names(data.contoso.customers)).toEqual(['Northwind Traders']);
    expect(names(data.fabrikam.customers)).toEqual(['Wingtip Toys']);
    const byProvider = Object.fromEntries(
      data.indirectProviders.edges.map((e: any) => [e.node.name, names(e.node.customers)]),
    );
    expect(byProvider).toEqual({
      'Contoso Distribution': ['Northwind Traders'],
      'Fabrikam Distribution': ['Wingtip Toys'],
    });
    // Litware shares only Tailspin with Contoso, and sees none of Trey's.
    const litware = await api.as(demo.litware.globalAdmin);
    const shared = expectOk(
      await litware.query(
        'query($id: ID!) { node(id: $id) { ... on Partner { customers { nodes { name } } } } }',
        { id: ids['Contoso Distribution'] },
      ),
    );
    expect(names(shared.node.customers)).toEqual(['Tailspin Toys']);
  });
});
