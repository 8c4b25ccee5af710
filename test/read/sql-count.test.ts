import { expectOk, startTestServer, type TestServer } from '../support/test-server';
import { buildChannel, PROVIDER_ADMIN } from './channel-fixture';

// Pages larger than the fixtures (and within the query cost limit): every row is returned.
const NESTED = `{
  indirectResellers(first: 10) {
    edges {
      node {
        id
        customers(first: 10) {
          nodes { id subscriptions(first: 10) { nodes { id offer { id name } } } }
        }
      }
    }
  }
}`;

/**
 * One SQL statement per list level, whatever the sizes: a three-level query (provider ->
 * resellers -> customers -> subscriptions, each with its offer joined in) costs the same number
 * of statements over a small and a larger channel.
 */
describe('SQL statements of a nested query do not grow with the data', () => {
  const sizes = [
    { resellers: 2, customers: 2 },
    { resellers: 5, customers: 4 },
  ];
  const servers: TestServer[] = [];

  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  test('provider -> resellers -> customers -> subscriptions -> offer: 3 statements besides the caller lookup, at both sizes', async () => {
    const counts: number[] = [];
    const nodes: number[] = [];
    for (const size of sizes) {
      const api = await startTestServer({
        seed: (b) => buildChannel(b, size.resellers, size.customers),
      });
      servers.push(api);
      const client = await api.as(PROVIDER_ADMIN);
      const result = await client.query(NESTED);
      const data = expectOk(result);
      const customers = data.indirectResellers.edges.flatMap((e: any) => e.node.customers.nodes);
      const subscriptions = customers.flatMap((c: any) => c.subscriptions.nodes);
      expect(data.indirectResellers.edges).toHaveLength(size.resellers);
      // Reseller 3's partnership is INVITED: R-30 shows none of its customers.
      const disclosed = size.resellers >= 3 ? size.resellers - 1 : size.resellers;
      expect(customers).toHaveLength(disclosed * size.customers);
      expect(subscriptions).toHaveLength(disclosed * size.customers * 2);
      expect(subscriptions.every((s: any) => s.offer?.name)).toBe(true);
      counts.push(result.sqlStatements);
      nodes.push(subscriptions.length);
    }
    expect(nodes[1]).toBeGreaterThan(nodes[0] * 3);
    // the caller, resellers, customers of all resellers, subscriptions of all customers
    // with their offers
    expect(counts).toEqual([4, 4]);
  });
});
