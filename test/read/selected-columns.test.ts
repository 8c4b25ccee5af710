import { expectOk, startTestServer, type TestServer } from '../support/test-server';
import { buildChannel, PROVIDER_ADMIN } from './channel-fixture';

const SUBSCRIPTION = 'id quantity status version friendlyName offer { id name }';

// The same two lists asked for with few fields (served from narrowed rows), with many fields
// (whole rows), and through a fragment (whole rows): side by side in one request, so that their
// batches, keyed by the columns they select, must not mix.
const QUERY = `{
  indirectResellers(first: 10) {
    edges {
      node {
        lean: customers(first: 10) {
          nodes { id name subscriptions(first: 10) { nodes { ${SUBSCRIPTION} } } }
        }
        full: customers(first: 10) {
          nodes {
            id name countryCode createdAt address { city }
            subscriptions(first: 10) { nodes { ${SUBSCRIPTION} channel startedAt customer { id } } }
          }
        }
        fragment: customers(first: 10) { nodes { ...C } }
      }
    }
  }
}
fragment C on Customer { id name subscriptions(first: 10) { edges { node { ${SUBSCRIPTION} } } } }`;

describe('R-30 lists answer the same whatever fields they are asked for', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ seed: (b) => buildChannel(b, 3, 3) });
  });
  afterAll(() => api.close());

  test('R-30 narrowed and whole rows give the same customers and subscriptions, with every field filled', async () => {
    const client = await api.as(PROVIDER_ADMIN);
    const data = expectOk(await client.query(QUERY));
    const pick = (s: any) => ({
      id: s.id,
      quantity: s.quantity,
      status: s.status,
      version: s.version,
      friendlyName: s.friendlyName,
      offer: s.offer,
    });
    let subscriptions = 0;
    for (const { node } of data.indirectResellers.edges) {
      const lean = node.lean.nodes;
      expect(lean.length).toBeGreaterThan(0);
      expect(lean.map((c: any) => [c.id, c.name])).toEqual(
        node.full.nodes.map((c: any) => [c.id, c.name]),
      );
      expect(node.fragment.nodes.map((c: any) => [c.id, c.name])).toEqual(
        lean.map((c: any) => [c.id, c.name]),
      );
      lean.forEach((customer: any, i: number) => {
        const full = node.full.nodes[i];
        const viaFragment = node.fragment.nodes[i].subscriptions.edges.map((e: any) => e.node);
        expect(customer.subscriptions.nodes).toEqual(full.subscriptions.nodes.map(pick));
        expect(customer.subscriptions.nodes).toEqual(viaFragment);
        expect(full.countryCode).toMatch(/^[A-Z]{2}$/);
        expect(full.address.city).toEqual(expect.any(String));
        for (const s of full.subscriptions.nodes) {
          expect(s.customer.id).toBe(customer.id);
          expect(s.channel).toEqual(expect.any(String));
          expect(s.startedAt).toEqual(expect.any(String));
        }
        for (const s of customer.subscriptions.nodes) {
          expect(s).toEqual({
            id: expect.any(String),
            quantity: expect.any(Number),
            status: expect.any(String),
            version: expect.any(Number),
            friendlyName: s.friendlyName === null ? null : expect.any(String),
            offer: { id: expect.any(String), name: expect.any(String) },
          });
          subscriptions++;
        }
      });
    }
    expect(subscriptions).toBeGreaterThan(0);
  });
});
