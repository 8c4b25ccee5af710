import { countRows, expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import {
  association as a,
  buildAssociationFixture,
  Ids,
  newKey,
  payload,
  PLACE_ORDER,
  topLevelError,
} from '../support/subscriptions';
import { expectOk, startTestServer, type TestServer } from '../support/test-server';

const DAY = 86_400_000;

describe('placeOrder on the demo channel', () => {
  let api: TestServer;
  let ids: Ids;
  let northwind: string;
  let basic: string;
  let powerBi: string;
  let trey: string;

  const order = async (
    email: string,
    input: Record<string, unknown>,
  ): Promise<ReturnType<typeof api.anonymous.query>> =>
    (await api.as(email)).query(PLACE_ORDER, { input });

  const refusedWith = async (email: string, input: Record<string, unknown>) => {
    const result = await expectDbUnchanged(api.dataSource, () => order(email, input));
    const data = payload(result, 'placeOrder');
    expect(data.order).toBeNull();
    expect(data.subscriptions).toEqual([]);
    expect(data.userErrors).toHaveLength(1);
    return data.userErrors[0];
  };

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    ids = new Ids(api.dataSource);
    northwind = await ids.customer('Northwind Traders');
    basic = await ids.offer('MS-365-BB-M');
    powerBi = await ids.offer('PBI-PRO-M');
    trey = await ids.partner('Trey Research IT');
  });
  afterAll(() => api.close());

  test('R-24 a provider orders for its customer: one ACTIVE subscription per line, audited (R-31)', async () => {
    const key = newKey();
    const result = await order(demo.contoso.sales, {
      customerId: northwind,
      idempotencyKey: key,
      lines: [
        { offerId: basic, quantity: 10, friendlyName: 'Front desk' },
        { offerId: powerBi, quantity: 3, partnerOfRecordId: trey, supportContactId: trey },
      ],
    });
    const data = payload(result, 'placeOrder');
    expect(data.userErrors).toEqual([]);
    expect(data.order).toMatchObject({
      idempotencyKey: key,
      customer: { name: 'Northwind Traders' },
      billingPartner: { name: 'Contoso Distribution' },
    });
    expect(data.subscriptions).toEqual([
      expect.objectContaining({
        quantity: 10,
        status: 'ACTIVE',
        version: 1,
        channel: 'PARTNER',
        friendlyName: 'Front desk',
        offer: { code: 'MS-365-BB-M' },
        billingPartner: { name: 'Contoso Distribution' },
        partnerOfRecord: null,
        supportContact: null,
        order: { id: data.order.id },
      }),
      expect.objectContaining({
        quantity: 3,
        friendlyName: 'Power BI Pro',
        partnerOfRecord: { name: 'Trey Research IT' },
        supportContact: { name: 'Trey Research IT' },
      }),
    ]);
    // Monthly offers: the first term ends a calendar month after the start.
    const [first] = data.subscriptions;
    const termDays = (Date.parse(first.termEndsAt) - Date.parse(first.startedAt)) / DAY;
    expect(termDays).toBeGreaterThanOrEqual(28);
    expect(termDays).toBeLessThanOrEqual(31);

    const contoso = await api.as(demo.contoso.globalAdmin);
    const log = expectOk(
      await contoso.query(
        `{ auditLog(operation: "placeOrder") { nodes { resourceType resourceId newValue actor { email } } } }`,
      ),
    ).auditLog.nodes;
    expect(log.map((r: any) => r.resourceType)).toEqual(['Order', 'Subscription', 'Subscription']);
    expect(log[0]).toMatchObject({
      resourceId: data.order.id,
      actor: { email: demo.contoso.sales },
      newValue: { idempotencyKey: key, subscriptionIds: data.subscriptions.map((s: any) => s.id) },
    });
    expect(log[2].newValue).toMatchObject({
      quantity: 3,
      status: 'ACTIVE',
      partnerOfRecordId: trey,
    });
    // The partner of record is involved, so it reads the record of its subscription.
    const treyLog = expectOk(
      await (
        await api.as(demo.trey.globalAdmin)
      ).query(`{ auditLog(operation: "placeOrder") { nodes { resourceType resourceId } } }`),
    ).auditLog.nodes;
    expect(treyLog).toContainEqual({
      resourceType: 'Subscription',
      resourceId: data.subscriptions[1].id,
    });
  });

  test('R-24 a direct-bill partner orders for its own customer', async () => {
    const data = payload(
      await order(demo.adatum.sales, {
        customerId: await ids.customer('Woodgrove Bank'),
        idempotencyKey: newKey(),
        lines: [{ offerId: await ids.offer('MS-365-E3-A'), quantity: 50 }],
      }),
      'placeOrder',
    );
    expect(data.userErrors).toEqual([]);
    expect(data.subscriptions[0]).toMatchObject({
      billingPartner: { name: 'Adatum Cloud Services' },
      status: 'ACTIVE',
    });
    // Annual offers: a one-year term.
    const s = data.subscriptions[0];
    const termDays = (Date.parse(s.termEndsAt) - Date.parse(s.startedAt)) / DAY;
    expect(termDays === 365 || termDays === 366).toBe(true);
  });

  test('R-24 an indirect reseller cannot order itself: RESELLER_CANNOT_TRANSACT', async () => {
    const input = {
      customerId: northwind,
      idempotencyKey: newKey(),
      lines: [{ offerId: basic, quantity: 1 }],
    };
    expect(await refusedWith(demo.trey.sales, input)).toMatchObject({
      code: 'RESELLER_CANNOT_TRANSACT',
    });
    expect(await refusedWith(demo.southridge.globalAdmin, input)).toMatchObject({
      code: 'RESELLER_CANNOT_TRANSACT',
    });
  });

  test('R-24 without an active reseller relationship: NO_CUSTOMER_RELATIONSHIP', async () => {
    // Contoso has delegated admin privileges at Alpine Ski House, but no reseller relationship.
    const error = await refusedWith(demo.contoso.sales, {
      customerId: await ids.customer('Alpine Ski House'),
      idempotencyKey: newKey(),
      lines: [{ offerId: basic, quantity: 1 }],
    });
    expect(error).toMatchObject({ code: 'NO_CUSTOMER_RELATIONSHIP', field: 'input.customerId' });
  });

  test('R-24 a customer the provider cannot see reads exactly like an unknown one: NOT_FOUND', async () => {
    const foreign = await refusedWith(demo.contoso.sales, {
      customerId: await ids.customer('Coho Winery'),
      idempotencyKey: newKey(),
      lines: [{ offerId: basic, quantity: 1 }],
    });
    const unknown = await refusedWith(demo.contoso.sales, {
      customerId: Buffer.from('Customer:999999').toString('base64url'),
      idempotencyKey: newKey(),
      lines: [{ offerId: basic, quantity: 1 }],
    });
    expect(foreign).toEqual(unknown);
    expect(foreign).toMatchObject({ code: 'NOT_FOUND', field: 'input.customerId' });
  });

  test('R-24 roles without commercial rights and other organizations are FORBIDDEN', async () => {
    const input = {
      customerId: northwind,
      idempotencyKey: newKey(),
      lines: [{ offerId: basic, quantity: 1 }],
    };
    for (const email of [
      demo.contoso.helpdesk,
      demo.contoso.billing,
      demo.customers.northwind,
      demo.vendor,
    ]) {
      const result = await expectDbUnchanged(api.dataSource, () => order(email, input));
      expect(topLevelError(result)?.code).toBe('FORBIDDEN');
    }
    const anonymous = await api.anonymous.query(PLACE_ORDER, { input });
    expect(topLevelError(anonymous)?.code).toBe('UNAUTHENTICATED');
  });

  test('R-04 a provider whose agreement is not accepted cannot order: AGREEMENT_NOT_ACCEPTED', async () => {
    const fabrikamId = await ids.organizationId('Fabrikam Distribution');
    const [{ at }] = await api.dataSource.query(
      'SELECT agreement_accepted_at AS at FROM organization WHERE id = ?',
      [fabrikamId],
    );
    await api.dataSource.query(
      'UPDATE organization SET agreement_accepted_at = NULL WHERE id = ?',
      [fabrikamId],
    );
    try {
      const error = await refusedWith(demo.fabrikam.adminAgent, {
        customerId: await ids.customer('Wingtip Toys'),
        idempotencyKey: newKey(),
        lines: [{ offerId: basic, quantity: 1 }],
      });
      expect(error.code).toBe('AGREEMENT_NOT_ACCEPTED');
    } finally {
      await api.dataSource.query('UPDATE organization SET agreement_accepted_at = ? WHERE id = ?', [
        at,
        fabrikamId,
      ]);
    }
  });

  test('R-23 offers: unknown NOT_FOUND, retired or out of region OFFER_NOT_AVAILABLE, bounds INVALID_QUANTITY', async () => {
    const line = (offerId: string, quantity = 1) => ({ offerId, quantity });
    const attempt = (lines: unknown[]) =>
      refusedWith(demo.contoso.sales, { customerId: northwind, idempotencyKey: newKey(), lines });
    expect(
      await attempt([line(basic), line(Buffer.from('Offer:999999').toString('base64url'))]),
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.lines.1.offerId',
    });
    expect(await attempt([line(await ids.offer('O365-PROPLUS'))])).toMatchObject({
      code: 'OFFER_NOT_AVAILABLE',
      field: 'input.lines.0.offerId',
    });
    // Defender for Office 365 is sold in Europe only; Northwind is in North America.
    expect(await attempt([line(basic), line(await ids.offer('DEF-O365-P2'))])).toMatchObject({
      code: 'OFFER_NOT_AVAILABLE',
      field: 'input.lines.1.offerId',
      message: expect.stringContaining('North America'),
    });
    // Business Basic: 1..300 licenses. The first line is fine, so all-or-nothing shows too.
    expect(await attempt([line(powerBi, 5), line(basic, 301)])).toMatchObject({
      code: 'INVALID_QUANTITY',
      field: 'input.lines.1.quantity',
    });
    // The Azure plan is one subscription at most.
    expect(await attempt([line(await ids.offer('AZ-PLAN'), 2)])).toMatchObject({
      code: 'INVALID_QUANTITY',
      field: 'input.lines.0.quantity',
    });
  });

  test('R-23 an offer sold in the customer region can be ordered there', async () => {
    const data = payload(
      await order(demo.fabrikam.adminAgent, {
        customerId: await ids.customer('Fourth Coffee'),
        idempotencyKey: newKey(),
        lines: [{ offerId: await ids.offer('DEF-O365-P2'), quantity: 300 }],
      }),
      'placeOrder',
    );
    expect(data.userErrors).toEqual([]);
    expect(data.subscriptions[0]).toMatchObject({ quantity: 300, offer: { code: 'DEF-O365-P2' } });
  });

  test('malformed input is BAD_USER_INPUT naming the field, before anything is written', async () => {
    const good = {
      customerId: northwind,
      idempotencyKey: newKey(),
      lines: [{ offerId: basic, quantity: 1 }],
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, idempotencyKey: 'not-a-uuid' }, 'input.idempotencyKey'],
      [{ ...good, lines: [] }, 'input.lines'],
      [
        { ...good, lines: Array.from({ length: 51 }, () => ({ offerId: basic, quantity: 1 })) },
        'input.lines',
      ],
      [
        {
          ...good,
          lines: [
            { offerId: basic, quantity: 1 },
            { offerId: basic, quantity: 0 },
          ],
        },
        'input.lines.1.quantity',
      ],
      [{ ...good, lines: [{ offerId: basic, quantity: 2_000_000 }] }, 'input.lines.0.quantity'],
      [
        { ...good, lines: [{ offerId: basic, quantity: 1, friendlyName: '   ' }] },
        'input.lines.0.friendlyName',
      ],
      [{ ...good, lines: [{ offerId: 'nonsense', quantity: 1 }] }, 'input.lines.0.offerId'],
      [{ ...good, lines: [{ offerId: northwind, quantity: 1 }] }, 'input.lines.0.offerId'],
      [
        { ...good, lines: [{ offerId: basic, quantity: 1, partnerOfRecordId: basic }] },
        'input.lines.0.partnerOfRecordId',
      ],
      [{ ...good, customerId: trey }, 'input.customerId'],
    ];
    for (const [input, field] of cases) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        order(demo.contoso.sales, input),
      );
      expect(topLevelError(result)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  test('R-29 a retry with the same key returns the first result and writes nothing', async () => {
    const key = newKey();
    const input = {
      customerId: northwind,
      idempotencyKey: key,
      lines: [
        { offerId: basic, quantity: 7 },
        { offerId: powerBi, quantity: 2, partnerOfRecordId: trey },
      ],
    };
    const first = payload(await order(demo.contoso.sales, input), 'placeOrder');
    expect(first.userErrors).toEqual([]);
    // A colleague's retry, with the key in capitals and optional fields spelled out as null.
    const retryInput = {
      ...input,
      idempotencyKey: key.toUpperCase(),
      lines: [
        { ...input.lines[0], partnerOfRecordId: null, supportContactId: null, friendlyName: null },
        input.lines[1],
      ],
    };
    const retry = await expectDbUnchanged(api.dataSource, () =>
      order(demo.contoso.adminAgent, retryInput),
    );
    expect(payload(retry, 'placeOrder')).toEqual(first);
    expect(await countRows(api.dataSource, 'csp_order', 'idempotency_key = ?', [key])).toBe(1);
  });

  test('R-29 the same key with a different order: IDEMPOTENCY_KEY_REUSED', async () => {
    const key = newKey();
    const input = {
      customerId: northwind,
      idempotencyKey: key,
      lines: [{ offerId: basic, quantity: 4 }],
    };
    expect(payload(await order(demo.contoso.sales, input), 'placeOrder').userErrors).toEqual([]);
    const error = await refusedWith(demo.contoso.sales, {
      ...input,
      lines: [{ offerId: basic, quantity: 5 }],
    });
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'input.idempotencyKey' });
    // Keys belong to an organization: another partner's order with the same key is its own.
    const fabrikam = payload(
      await order(demo.fabrikam.adminAgent, {
        customerId: await ids.customer('Wingtip Toys'),
        idempotencyKey: key,
        lines: [{ offerId: basic, quantity: 4 }],
      }),
      'placeOrder',
    );
    expect(fabrikam.userErrors).toEqual([]);
  });

  test('R-29 twenty identical requests in parallel create one order and get identical answers', async () => {
    const key = newKey();
    const input = {
      customerId: northwind,
      idempotencyKey: key,
      lines: [{ offerId: basic, quantity: 9 }],
    };
    const client = await api.as(demo.contoso.sales);
    const auditBefore = await countRows(api.dataSource, 'audit_record');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.query(PLACE_ORDER, { input })),
    );
    const answers = results.map((r) => payload(r, 'placeOrder'));
    expect(answers[0].userErrors).toEqual([]);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await countRows(api.dataSource, 'csp_order', 'idempotency_key = ?', [key])).toBe(1);
    expect(
      await countRows(api.dataSource, 'idempotency_record', 'idempotency_key = ?', [key]),
    ).toBe(1);
    // One Order record and one Subscription record, whatever the number of requests.
    expect(await countRows(api.dataSource, 'audit_record')).toBe(auditBefore + 2);
  });

  test('orders are readable by the partner that placed them and the customer, with their subscriptions (R-30)', async () => {
    const placed = payload(
      await order(demo.contoso.sales, {
        customerId: northwind,
        idempotencyKey: newKey(),
        lines: [
          { offerId: basic, quantity: 2 },
          { offerId: powerBi, quantity: 2 },
        ],
      }),
      'placeOrder',
    );
    const READ = `query($id: ID!, $customer: ID!) {
      node(id: $id) { ... on Order { id placedBy { email } subscriptions { totalCount nodes { id } } } }
      orders(customerId: $customer, last: 1) { nodes { id } }
    }`;
    const variables = { id: placed.order.id, customer: northwind };
    const subscriptionIds = placed.subscriptions.map((s: any) => ({ id: s.id }));
    const asContoso = expectOk(await (await api.as(demo.contoso.helpdesk)).query(READ, variables));
    expect(asContoso.node).toEqual({
      id: placed.order.id,
      placedBy: { email: demo.contoso.sales },
      subscriptions: { totalCount: 2, nodes: subscriptionIds },
    });
    expect(asContoso.orders.nodes).toEqual([{ id: placed.order.id }]);
    const asCustomer = expectOk(
      await (await api.as(demo.customers.northwind)).query(READ, variables),
    );
    expect(asCustomer.node).toEqual({
      id: placed.order.id,
      placedBy: null,
      subscriptions: { totalCount: 2, nodes: subscriptionIds },
    });
    const asLitware = expectOk(
      await (await api.as(demo.litware.globalAdmin)).query(READ, variables),
    );
    expect(asLitware).toEqual({ node: null, orders: { nodes: [] } });
  });
});

describe('R-25 / R-26 associations checked when ordering', () => {
  let api: TestServer;
  let ids: Ids;
  let customerId: string;
  let offerId: string;

  beforeAll(async () => {
    api = await startTestServer({ seed: buildAssociationFixture });
    ids = new Ids(api.dataSource);
    customerId = await ids.customer(a.customer);
    offerId = await ids.offer(a.offerCode);
  });
  afterAll(() => api.close());

  const orderWith = async (line: Record<string, unknown>) =>
    (await api.as(a.users.providerSales)).query(PLACE_ORDER, {
      input: { customerId, idempotencyKey: newKey(), lines: [{ offerId, quantity: 5, ...line }] },
    });

  test('R-25 an associated reseller becomes partner of record and R-26 support contact', async () => {
    const good = await ids.partner(a.good);
    const data = payload(
      await orderWith({ partnerOfRecordId: good, supportContactId: good }),
      'placeOrder',
    );
    expect(data.userErrors).toEqual([]);
    expect(data.subscriptions[0]).toMatchObject({
      partnerOfRecord: { name: a.good },
      supportContact: { name: a.good },
    });
  });

  const refusals: Array<[string, string]> = [
    ['R-25 a reseller that has not accepted the agreement', a.noAgreement],
    ['R-25 a suspended reseller', a.suspendedPartner],
    ['R-25 a reseller whose partnership is suspended', a.suspendedPartnership],
    ['R-25 a reseller whose partnership was revoked', a.revokedPartnership],
    ['R-25 a reseller without a relationship with the customer', a.noRelationship],
    ["R-25 another provider's reseller", a.otherProvidersReseller],
    ['R-25 a provider instead of a reseller', a.otherProvider],
  ];
  test.each(refusals)('%s: RESELLER_NOT_ASSOCIATED, nothing written', async (_title, name) => {
    const resellerId = await ids.partner(name);
    for (const field of ['partnerOfRecordId', 'supportContactId']) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        orderWith({ [field]: resellerId }),
      );
      expect(payload(result, 'placeOrder').userErrors).toEqual([
        expect.objectContaining({
          code: 'RESELLER_NOT_ASSOCIATED',
          field: `input.lines.0.${field}`,
        }),
      ]);
    }
  });

  test('R-25 an unknown partner ID gets the same answer as an unrelated one', async () => {
    const unknown = await expectDbUnchanged(api.dataSource, () =>
      orderWith({ partnerOfRecordId: Buffer.from('Partner:999999').toString('base64url') }),
    );
    const unrelatedId = await ids.partner(a.otherProvidersReseller);
    const unrelated = await expectDbUnchanged(api.dataSource, () =>
      orderWith({ partnerOfRecordId: unrelatedId }),
    );
    expect(payload(unknown, 'placeOrder')).toEqual(payload(unrelated, 'placeOrder'));
  });

  test('R-25 checked at the time of the transaction: a partnership suspended now blocks the next order', async () => {
    const good = await ids.partner(a.good);
    const providerId = await ids.organizationId(a.provider);
    const goodId = await ids.organizationId(a.good);
    expect(payload(await orderWith({ partnerOfRecordId: good }), 'placeOrder').userErrors).toEqual(
      [],
    );
    await api.dataSource.query(
      "UPDATE partnership SET state = 'SUSPENDED' WHERE provider_id = ? AND reseller_id = ? AND live_key = 1",
      [providerId, goodId],
    );
    try {
      const result = await expectDbUnchanged(api.dataSource, () =>
        orderWith({ partnerOfRecordId: good }),
      );
      expect(payload(result, 'placeOrder').userErrors[0].code).toBe('RESELLER_NOT_ASSOCIATED');
    } finally {
      await api.dataSource.query(
        "UPDATE partnership SET state = 'ACTIVE' WHERE provider_id = ? AND reseller_id = ? AND live_key = 1",
        [providerId, goodId],
      );
    }
  });
});
