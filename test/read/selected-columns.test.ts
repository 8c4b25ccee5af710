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
    // Reseller 3's partnership is INVITED: R-30 shows none of its customers, in any shape.
    const withCustomers = data.indirectResellers.edges.filter((e: any) => e.node.lean.nodes.length);
    expect(withCustomers).toHaveLength(2);
    for (const { node } of data.indirectResellers.edges) {
      const lean = node.lean.nodes;
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

describe('R-06 the directory answers the same whatever profile fields it is asked for', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
  });
  afterAll(() => api.close());

  test('narrowed profiles, whole ones (a fragment) and none agree, field by field', async () => {
    const PROFILE =
      'summary website offersTechnicalTraining offersMarketingHelp offersFinancing listed updatedAt contact { name email phone }';
    const data = expectOk(
      await api.anonymous.query(`{
        lean: providerDirectory(first: 50) { nodes { name profile { website contact { email } } } }
        full: providerDirectory(first: 50) { nodes { name profile { ${PROFILE} } } }
        fragment: providerDirectory(first: 50) { edges { node { name ...P } } }
        none: providerDirectory(first: 50) { nodes { name authorizedRegions { code } } }
      }
      fragment P on ProviderDirectoryEntry { profile { ${PROFILE} } }`),
    );
    const full = data.full.nodes;
    expect(full.length).toBeGreaterThan(0);
    expect(full.every((n: any) => typeof n.profile.summary === 'string')).toBe(true);
    expect(full.every((n: any) => typeof n.profile.updatedAt === 'string')).toBe(true);
    expect(data.fragment.edges.map((e: any) => e.node)).toEqual(full);
    expect(data.lean.nodes).toEqual(
      full.map((n: any) => ({
        name: n.name,
        profile: { website: n.profile.website, contact: { email: n.profile.contact.email } },
      })),
    );
    expect(data.none.nodes.map((n: any) => n.name)).toEqual(full.map((n: any) => n.name));
  });
});
