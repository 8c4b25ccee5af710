import { countRows, expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import {
  CANCEL,
  CHANGE_QUANTITY,
  END_HIRE,
  HIRE,
  Ids,
  payload,
  REACTIVATE,
  RECORD_EXTERNAL,
  SET_PARTNER_OF_RECORD,
  SET_SUPPORT_CONTACT,
  SUSPEND,
  topLevelError,
} from '../support/subscriptions';
import { expectOk, startTestServer, type GqlClient, type TestServer } from '../support/test-server';

const NAMES: Record<string, string> = {
  [RECORD_EXTERNAL]: 'recordExternalSubscription',
  [HIRE]: 'hireServicePartner',
  [END_HIRE]: 'endServicePartnerHire',
  [CHANGE_QUANTITY]: 'changeSubscriptionQuantity',
  [SUSPEND]: 'suspendSubscription',
  [REACTIVATE]: 'reactivateSubscription',
  [CANCEL]: 'cancelSubscription',
  [SET_PARTNER_OF_RECORD]: 'setSubscriptionPartnerOfRecord',
  [SET_SUPPORT_CONTACT]: 'setSubscriptionSupportContact',
};

const READ = `query($id: ID!) {
  node(id: $id) { ... on Subscription { id channel quantity servicePartner { name } customer { name } } }
}`;

describe('R-28 multi-channel: subscriptions bought elsewhere, serviced by a hired partner', () => {
  let api: TestServer;
  let ids: Ids;
  let margies: GqlClient;

  const run = async (client: GqlClient, document: string, input: Record<string, unknown>) =>
    payload(await client.query(document, { input }), NAMES[document]);

  const refused = async (
    client: GqlClient,
    document: string,
    input: Record<string, unknown>,
    code: string,
  ) => {
    const result = await expectDbUnchanged(api.dataSource, () => client.query(document, { input }));
    const data = payload(result, NAMES[document]);
    expect(data.subscription).toBeNull();
    expect(data.userErrors).toEqual([expect.objectContaining({ code })]);
    return data.userErrors[0];
  };

  const liveRelationships = async (customer: string, partner: string) =>
    countRows(
      api.dataSource,
      'customer_relationship',
      "customer_id = ? AND partner_id = ? AND status = 'ACTIVE'",
      [await ids.organizationId(customer), await ids.organizationId(partner)],
    );

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    ids = new Ids(api.dataSource);
    margies = await api.as(demo.customers.margies);
  });
  afterAll(() => api.close());

  test('R-28 a customer admin records a subscription bought elsewhere: no billing partner, audited', async () => {
    const data = await run(margies, RECORD_EXTERNAL, {
      offerId: await ids.offer('MS-365-E3-A'),
      quantity: 20,
      friendlyName: 'Head office E3',
    });
    expect(data.userErrors).toEqual([]);
    expect(data.subscription).toMatchObject({
      channel: 'ELSEWHERE',
      status: 'ACTIVE',
      version: 1,
      quantity: 20,
      friendlyName: 'Head office E3',
      billingPartner: null,
      servicePartner: null,
      order: null,
      customer: { name: "Margie's Travel" },
    });
    const log = expectOk(
      await margies.query(
        'query($id: String!) { auditLog(resourceId: $id) { nodes { operation newValue } } }',
        { id: data.subscription.id },
      ),
    ).auditLog.nodes;
    expect(log).toEqual([
      {
        operation: 'recordExternalSubscription',
        newValue: expect.objectContaining({
          channel: 'ELSEWHERE',
          billingPartnerId: null,
          quantity: 20,
        }),
      },
    ]);
  });

  test('R-28 recording checks the offer like an order (R-23) and is for customer admins only', async () => {
    await refused(
      margies,
      RECORD_EXTERNAL,
      { offerId: await ids.offer('O365-PROPLUS'), quantity: 1 },
      'OFFER_NOT_AVAILABLE',
    );
    const error = await refused(
      margies,
      RECORD_EXTERNAL,
      { offerId: await ids.offer('MS-365-BB-M'), quantity: 301 },
      'INVALID_QUANTITY',
    );
    expect(error.field).toBe('input.quantity');
    await refused(
      margies,
      RECORD_EXTERNAL,
      {
        offerId: await ids.offer('MS-365-BB-M'),
        quantity: 1,
        servicePartnerId: await ids.partner('Relecloud Partners'),
      },
      'NOT_FOUND',
    );
    const input = { offerId: await ids.offer('MS-365-BB-M'), quantity: 1 };
    for (const email of [demo.trey.globalAdmin, demo.contoso.globalAdmin, demo.vendor]) {
      const result = await expectDbUnchanged(api.dataSource, async () =>
        (await api.as(email)).query(RECORD_EXTERNAL, { input }),
      );
      expect(topLevelError(result)?.code).toBe('FORBIDDEN');
    }
    const bad = await expectDbUnchanged(api.dataSource, () =>
      margies.query(RECORD_EXTERNAL, { input: { ...input, quantity: -1 } }),
    );
    expect(topLevelError(bad)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.quantity' });
  });

  test('R-28 the hired partner reads and supports the subscription but every commercial change is NOT_BILLING_PARTNER', async () => {
    const id = await ids.subscription("Margie's Travel", 'MS-365-BP-A');
    const helpdesk = await api.as(demo.trey.helpdesk);
    expect(expectOk(await helpdesk.query(READ, { id })).node).toMatchObject({
      channel: 'ELSEWHERE',
      servicePartner: { name: 'Trey Research IT' },
      customer: { name: "Margie's Travel" },
    });
    const trey = await api.as(demo.trey.globalAdmin);
    for (const [document, extra] of [
      [CHANGE_QUANTITY, { quantity: 11, version: 1 }],
      [SUSPEND, { reason: 'OTHER', version: 1 }],
      [REACTIVATE, { version: 1 }],
      [CANCEL, { version: 1 }],
      [SET_PARTNER_OF_RECORD, { resellerId: await ids.partner('Trey Research IT') }],
      [SET_SUPPORT_CONTACT, { resellerId: await ids.partner('Trey Research IT') }],
    ] as const) {
      await refused(trey, document, { subscriptionId: id, ...extra }, 'NOT_BILLING_PARTNER');
    }
  });

  test('R-28 hiring a partner without a relationship gives it a MULTI_CHANNEL delegated-admin relationship; ending the hire takes it back', async () => {
    const recorded = await run(margies, RECORD_EXTERNAL, {
      offerId: await ids.offer('PBI-PRO-M'),
      quantity: 8,
    });
    const id = recorded.subscription.id;
    const contoso = await api.as(demo.contoso.helpdesk);
    expect(expectOk(await contoso.query(READ, { id })).node).toBeNull();
    expect(await liveRelationships("Margie's Travel", 'Contoso Distribution')).toBe(0);

    const hired = await run(margies, HIRE, {
      subscriptionId: id,
      partnerId: await ids.partner('Contoso Distribution'),
      version: 1,
    });
    expect(hired.userErrors).toEqual([]);
    expect(hired.subscription).toMatchObject({
      servicePartner: { name: 'Contoso Distribution' },
      version: 2,
    });
    expect(expectOk(await contoso.query(READ, { id })).node).toMatchObject({ id, quantity: 8 });
    const partners = expectOk(
      await margies.query(
        '{ viewer { organization { ... on Customer { partners { edges { node { name } relationship { origin delegatedAdmin resellerRelationship } } } } } } }',
      ),
    );
    expect(partners.viewer.organization.partners.edges).toContainEqual({
      node: { name: 'Contoso Distribution' },
      relationship: { origin: 'MULTI_CHANNEL', delegatedAdmin: true, resellerRelationship: false },
    });
    // Contoso is hired, not billing: it cannot change the terms either.
    await refused(
      await api.as(demo.contoso.sales),
      CHANGE_QUANTITY,
      { subscriptionId: id, quantity: 9, version: 2 },
      'NOT_BILLING_PARTNER',
    );

    const ended = await run(margies, END_HIRE, { subscriptionId: id, version: 2 });
    expect(ended.subscription).toMatchObject({ servicePartner: null, version: 3 });
    expect(await liveRelationships("Margie's Travel", 'Contoso Distribution')).toBe(0);
    expect(expectOk(await contoso.query(READ, { id })).node).toBeNull();
    const log = expectOk(
      await (
        await api.as(demo.contoso.globalAdmin)
      ).query(
        '{ auditLog(operation: "endServicePartnerHire") { nodes { resourceType oldValue newValue } } }',
      ),
    ).auditLog.nodes;
    expect(log).toEqual([
      {
        resourceType: 'Subscription',
        oldValue: { servicePartnerId: await ids.partner('Contoso Distribution'), version: 2 },
        newValue: { servicePartnerId: null, version: 3 },
      },
      expect.objectContaining({
        resourceType: 'CustomerRelationship',
        newValue: expect.objectContaining({ status: 'REMOVED', origin: 'MULTI_CHANNEL' }),
      }),
    ]);
  });

  test('R-28 a partner the customer already works with keeps its relationship unchanged', async () => {
    const recorded = await run(margies, RECORD_EXTERNAL, {
      offerId: await ids.offer('O365-E1-M'),
      quantity: 3,
      servicePartnerId: await ids.partner('Trey Research IT'),
    });
    expect(recorded.subscription.servicePartner).toEqual({ name: 'Trey Research IT' });
    expect(await liveRelationships("Margie's Travel", 'Trey Research IT')).toBe(1);
    // Trey still services the demo subscription, so ending this hire keeps its relationship.
    const ended = await run(margies, END_HIRE, { subscriptionId: recorded.subscription.id });
    expect(ended.userErrors).toEqual([]);
    expect(await liveRelationships("Margie's Travel", 'Trey Research IT')).toBe(1);
  });

  test('R-28 refusals: not yours NOT_FOUND, ordered through a partner or nobody hired INVALID_STATE, unhireable partner NOT_FOUND', async () => {
    const northwindSub = await ids.subscription('Northwind Traders', 'MS-365-BS-M');
    const margiesSub = await ids.subscription("Margie's Travel", 'MS-365-BP-A');
    const trey = await ids.partner('Trey Research IT');
    // Another customer's subscription reads like an unknown one.
    const foreign = await refused(
      margies,
      HIRE,
      { subscriptionId: northwindSub, partnerId: trey },
      'NOT_FOUND',
    );
    const unknown = await refused(
      margies,
      HIRE,
      { subscriptionId: Buffer.from('Subscription:999999').toString('base64url'), partnerId: trey },
      'NOT_FOUND',
    );
    expect(foreign).toEqual(unknown);
    // A subscription ordered through a partner is serviced by its billing partner.
    await refused(
      await api.as(demo.customers.northwind),
      HIRE,
      { subscriptionId: northwindSub, partnerId: trey },
      'INVALID_STATE',
    );
    // Partners that cannot be hired all read alike: pending review, no agreement, unknown.
    for (const partnerId of [
      await ids.partner('Relecloud Partners'),
      await ids.partner('Southridge Solutions'),
      Buffer.from('Partner:999999').toString('base64url'),
    ]) {
      const error = await refused(
        margies,
        HIRE,
        { subscriptionId: margiesSub, partnerId },
        'NOT_FOUND',
      );
      expect(error).toMatchObject({
        field: 'input.partnerId',
        message: 'No partner that can be hired has this ID.',
      });
    }
    await refused(
      margies,
      HIRE,
      { subscriptionId: margiesSub, partnerId: trey, version: 9 },
      'CONFLICT',
    );
    const recorded = await run(margies, RECORD_EXTERNAL, {
      offerId: await ids.offer('MS-365-BB-M'),
      quantity: 2,
    });
    await refused(margies, END_HIRE, { subscriptionId: recorded.subscription.id }, 'INVALID_STATE');
    // Only customer admins hire; the hired partner cannot end or change the hire itself.
    const result = await expectDbUnchanged(api.dataSource, async () =>
      (await api.as(demo.trey.globalAdmin)).query(END_HIRE, {
        input: { subscriptionId: margiesSub },
      }),
    );
    expect(topLevelError(result)?.code).toBe('FORBIDDEN');
  });
});
