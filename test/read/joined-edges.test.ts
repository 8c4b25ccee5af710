import { toGlobalId } from '../../src/graphql/node-id';
import { demo } from '../support/demo';
import { startTestServer, type TestServer } from '../support/test-server';

const SUBSCRIPTION_WITH_EDGES = `query($id: ID!) {
  node(id: $id) {
    id
    ... on Subscription { quantity customer { id name } offer { id name } }
  }
}`;

/** The same edges through a named fragment, an alias and a Node-typed fragment. */
const THROUGH_FRAGMENTS = `query($id: ID!) {
  node(id: $id) { ... on Node { id } ...S }
}
fragment S on Subscription { quantity owner: customer { id name } offer { id name } }`;

const CUSTOMER = `query($id: ID!) { node(id: $id) { id ... on Customer { name } } }`;
const OFFER = `query($id: ID!) { node(id: $id) { id ... on Offer { name } } }`;

const callers = [
  demo.contoso.globalAdmin,
  demo.contoso.helpdesk,
  demo.fabrikam.globalAdmin,
  demo.adatum.sales,
  demo.trey.globalAdmin,
  demo.litware.globalAdmin,
  demo.customers.alpine,
  demo.customers.margies,
];

/**
 * `node(id:)` on a subscription reads its customer and offer in the same statement (by-id.ts,
 * loadByIdWithEdges). R-30 must not change with it: for every caller and every subscription,
 * the joined customer is exactly what `node(id:)` on that customer answers the same caller.
 * (R-30 lets whoever sees a subscription see its customer, so the join's own predicate on the
 * customer is defence in depth that the demo data cannot tell apart; what this shows is that
 * the joined rows, fragments and aliases answer exactly as the separate reads do.)
 */
describe('R-30 node(id:) reads a subscription with its customer and offer in one statement', () => {
  let api: TestServer;
  let subscriptions: Array<{ id: number; customer_id: number; offer_id: number }>;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    subscriptions = await api.dataSource.query(
      'SELECT id, customer_id, offer_id FROM subscription ORDER BY id',
    );
  });
  afterAll(() => api.close());

  test('one statement for the subscription and both edges', async () => {
    const client = await api.as(demo.contoso.globalAdmin);
    const [visible] = await api.dataSource.query(
      `SELECT s.id FROM subscription s JOIN organization o ON o.id = s.billing_partner_id
       WHERE o.name LIKE 'Contoso%' ORDER BY s.id`,
    );
    const result = await client.query(SUBSCRIPTION_WITH_EDGES, {
      id: toGlobalId('Subscription', visible.id),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data.node.customer.name).toEqual(expect.any(String));
    expect(result.data.node.offer.name).toEqual(expect.any(String));
    expect(result.sqlStatements).toBe(1);
  });

  test('every caller gets, for every subscription, the edges node(id:) gives it on its own', async () => {
    const problems: string[] = [];
    let joinedCustomers = 0;
    for (const email of callers) {
      const client = await api.as(email);
      for (const s of subscriptions) {
        const id = toGlobalId('Subscription', s.id);
        const joined = await client.query(SUBSCRIPTION_WITH_EDGES, { id });
        const viaFragments = await client.query(THROUGH_FRAGMENTS, { id });
        const customer = await client.query(CUSTOMER, {
          id: toGlobalId('Customer', s.customer_id),
        });
        const offer = await client.query(OFFER, { id: toGlobalId('Offer', s.offer_id) });
        const node = joined.data?.node;
        if (joined.errors || viaFragments.errors) problems.push(`${email} ${s.id}: errors`);
        if (!node) {
          if (viaFragments.data?.node) problems.push(`${email} ${s.id}: fragments differ`);
          continue;
        }
        if (node.customer) joinedCustomers++;
        const expectedCustomer = customer.data.node;
        if (JSON.stringify(node.customer) !== JSON.stringify(expectedCustomer)) {
          problems.push(`${email} ${s.id}: customer ${JSON.stringify(node.customer)}`);
        }
        if (JSON.stringify(node.offer) !== JSON.stringify(offer.data.node)) {
          problems.push(`${email} ${s.id}: offer ${JSON.stringify(node.offer)}`);
        }
        const other = viaFragments.data.node;
        if (
          JSON.stringify(other.owner) !== JSON.stringify(node.customer) ||
          JSON.stringify(other.offer) !== JSON.stringify(node.offer)
        ) {
          problems.push(`${email} ${s.id}: the fragment form answers differently`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(joinedCustomers).toBeGreaterThan(0);
  });
});
