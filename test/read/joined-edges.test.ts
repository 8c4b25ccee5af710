import { toGlobalId } from '../../src/core/node-id';
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
    // The caller's lookup, then one statement for the subscription and both edges.
    expect(result.sqlStatements).toBe(2);
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

const LIST_WITH_EDGES = `{
  subscriptions(first: 100) {
    nodes { id quantity customer { id name } offer { id name } }
  }
}`;

/** The same edges through `edges { node }` and a fragment, which the join does not see. */
const LIST_THROUGH_FRAGMENT = `{
  subscriptions(first: 100) {
    edges { node { id ...E } }
  }
}
fragment E on Subscription { quantity customer { id name } offer { id name } }`;

/**
 * A list of subscriptions reads its customers and offers in the page's own statement
 * (EdgeJoins in by-id.ts), so that a nested list costs one statement per list level. For every
 * caller the joined edges must be exactly what the separate by-id reads give it.
 */
describe('R-30 a subscription list reads its customers and offers in the page statement', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
  });
  afterAll(() => api.close());

  test('one statement for the page and both edges; the fragment form answers the same', async () => {
    let seen = 0;
    for (const email of callers) {
      const client = await api.as(email);
      const joined = await client.query(LIST_WITH_EDGES);
      const viaFragment = await client.query(LIST_THROUGH_FRAGMENT);
      expect(joined.errors).toBeUndefined();
      expect(viaFragment.errors).toBeUndefined();
      const nodes = joined.data.subscriptions.nodes;
      seen += nodes.length;
      expect(viaFragment.data.subscriptions.edges.map((e: any) => e.node)).toEqual(nodes);
      // The page with both edges: one statement after the caller's lookup, where the edges'
      // loaders would add two.
      if (nodes.length > 0) expect(joined.sqlStatements).toBe(2);
      for (const node of nodes) {
        const customer = await client.query(CUSTOMER, { id: node.customer?.id ?? 'none' });
        const offer = await client.query(OFFER, { id: node.offer.id });
        if (node.customer) expect(node.customer).toEqual(customer.data.node);
        expect(node.offer).toEqual(offer.data.node);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});

/**
 * A joined edge is read narrowed to the fields its selection asks for; those partial rows must
 * not answer another selection of the same objects in the same request.
 */
describe('a narrowed joined edge serves only its own selection', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
  });
  afterAll(() => api.close());

  test('the same offers asked for in full elsewhere in the request come whole', async () => {
    // `again` reads its offers by ID (a fragment is not joined), after the narrow list's page.
    const client = await api.as(demo.contoso.globalAdmin);
    const full = await client.query(`{
      offers(first: 100) { nodes { id code name description licenseUnit minQuantity maxQuantity } }
    }`);
    expect(full.errors).toBeUndefined();
    const byId = new Map(full.data.offers.nodes.map((o: any) => [o.id, o]));
    const mixed = await client.query(
      `query($first: Int!) {
        subscriptions(first: $first) { nodes { offer { id } } }
        again: subscriptions(first: $first) { nodes { ...Whole } }
      }
      fragment Whole on Subscription {
        offer { id code name description licenseUnit minQuantity maxQuantity }
      }`,
      { first: 100 },
    );
    expect(mixed.errors).toBeUndefined();
    const narrow = mixed.data.subscriptions.nodes;
    const whole = mixed.data.again.nodes;
    expect(whole.length).toBeGreaterThan(0);
    expect(whole.map((n: any) => n.offer.id)).toEqual(narrow.map((n: any) => n.offer.id));
    for (const node of whole) expect(node.offer).toEqual(byId.get(node.offer.id));
  });
});

describe('node(id:) reads a subscription narrowed to each selection', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
  });
  afterAll(() => api.close());

  test('two selections of the same subscription in one request each get their fields', async () => {
    const client = await api.as(demo.contoso.globalAdmin);
    const [row] = await api.dataSource.query(
      `SELECT s.id FROM subscription s JOIN organization o ON o.id = s.billing_partner_id
       WHERE o.name LIKE 'Contoso%' ORDER BY s.id`,
    );
    const id = toGlobalId('Subscription', row.id);
    const whole = await client.query(
      `query($id: ID!) { node(id: $id) { ... on Subscription {
        friendlyName quantity status version createdAt offer { id name description } } } }`,
      { id },
    );
    expect(whole.errors).toBeUndefined();
    const mixed = await client.query(
      `query($id: ID!) {
        narrow: node(id: $id) { ... on Node { id } ... on Subscription { quantity offer { id } } }
        wide: nodes(ids: [$id]) { ...Wide }
      }
      fragment Wide on Subscription {
        friendlyName quantity status version createdAt offer { id name description }
      }`,
      { id },
    );
    expect(mixed.errors).toBeUndefined();
    const w = whole.data.node;
    expect(mixed.data.narrow).toEqual({ id, quantity: w.quantity, offer: { id: w.offer.id } });
    expect(mixed.data.wide).toEqual([w]);
    expect(w.friendlyName).toEqual(expect.any(String));
    expect(w.createdAt).toEqual(expect.any(String));
  });
});

describe('a joined edge selected directly and through a fragment', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
  });
  afterAll(() => api.close());

  test('gets every field either asks for', async () => {
    const client = await api.as(demo.contoso.globalAdmin);
    const result = await client.query(`{
      subscriptions(first: 100) { nodes { id offer { id } ...F } }
    }
    fragment F on Subscription { offer { name description } customer { id } }`);
    expect(result.errors).toBeUndefined();
    const nodes = result.data.subscriptions.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.offer).toEqual({
        id: expect.any(String),
        name: expect.any(String),
        description: expect.any(String),
      });
    }
  });
});

describe('a narrowed edge of node(id:) does not answer later by-id reads', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
  });
  afterAll(() => api.close());

  test('the same offer read by ID deeper in the request comes whole', async () => {
    const client = await api.as(demo.contoso.globalAdmin);
    const [row] = await api.dataSource.query(
      `SELECT s.id, s.customer_id FROM subscription s JOIN organization o ON o.id = s.billing_partner_id
       WHERE o.name LIKE 'Contoso%' ORDER BY s.id`,
    );
    const result = await client.query(
      `query($id: ID!, $customer: ID!) {
        narrow: node(id: $id) { ... on Subscription { offer { id } } }
        later: node(id: $customer) {
          ... on Customer { subscriptions(first: 100) { nodes { ...Whole } } }
        }
      }
      fragment Whole on Subscription { offer { id name description } }`,
      { id: toGlobalId('Subscription', row.id), customer: toGlobalId('Customer', row.customer_id) },
    );
    expect(result.errors).toBeUndefined();
    const offers = result.data.later.subscriptions.nodes.map((n: any) => n.offer);
    expect(offers.length).toBeGreaterThan(0);
    expect(offers).toContainEqual({
      id: result.data.narrow.offer.id,
      name: expect.any(String),
      description: expect.any(String),
    });
  });
});
