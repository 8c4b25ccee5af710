import { countRows, expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import {
  association as a,
  buildAssociationFixture,
  CANCEL,
  CHANGE_QUANTITY,
  Ids,
  payload,
  REACTIVATE,
  SET_PARTNER_OF_RECORD,
  SET_SUPPORT_CONTACT,
  SUBSCRIPTION_FIELDS,
  SUSPEND,
  topLevelError,
  versionOf,
} from '../support/subscriptions';
import { expectOk, startTestServer, type GqlClient, type TestServer } from '../support/test-server';

const NAMES: Record<string, string> = {
  [CHANGE_QUANTITY]: 'changeSubscriptionQuantity',
  [SUSPEND]: 'suspendSubscription',
  [REACTIVATE]: 'reactivateSubscription',
  [CANCEL]: 'cancelSubscription',
  [SET_PARTNER_OF_RECORD]: 'setSubscriptionPartnerOfRecord',
  [SET_SUPPORT_CONTACT]: 'setSubscriptionSupportContact',
};

async function mutate(client: GqlClient, document: string, input: Record<string, unknown>) {
  return payload(await client.query(document, { input }), NAMES[document]);
}

const AUDIT = `query($id: String!) {
  auditLog(resourceId: $id) { nodes { operation oldValue newValue actor { email } } }
}`;

describe('R-27 subscription lifecycle on the demo channel', () => {
  let api: TestServer;
  let ids: Ids;
  let contoso: GqlClient;

  /** Runs a mutation that must be refused with `code`, asserting that nothing changed. */
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

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    ids = new Ids(api.dataSource);
    contoso = await api.as(demo.contoso.sales);
  });
  afterAll(() => api.close());

  test('R-27 the billing partner changes the quantity; the version moves on and the audit log has old and new values', async () => {
    const id = await ids.subscription('Northwind Traders', 'MS-365-BS-M');
    const data = await mutate(contoso, CHANGE_QUANTITY, {
      subscriptionId: id,
      quantity: 30,
      version: 1,
    });
    expect(data.userErrors).toEqual([]);
    expect(data.subscription).toMatchObject({ id, quantity: 30, version: 2, status: 'ACTIVE' });
    // The partner of record is involved, so it reads the change too.
    for (const email of [demo.contoso.globalAdmin, demo.trey.globalAdmin]) {
      const log = expectOk(await (await api.as(email)).query(AUDIT, { id })).auditLog.nodes;
      expect(log).toEqual([
        {
          operation: 'changeSubscriptionQuantity',
          oldValue: { quantity: 25, version: 1 },
          newValue: { quantity: 30, version: 2 },
          actor: email === demo.contoso.globalAdmin ? { email: demo.contoso.sales } : null,
        },
      ]);
    }
  });

  test('R-27 a stale version is refused with CONFLICT', async () => {
    const id = await ids.subscription('Northwind Traders', 'MS-365-BS-M');
    const error = await refused(
      contoso,
      CHANGE_QUANTITY,
      { subscriptionId: id, quantity: 40, version: 1 },
      'CONFLICT',
    );
    expect(error.field).toBe('input.version');
    await refused(
      contoso,
      SUSPEND,
      { subscriptionId: id, version: 1, reason: 'OTHER' },
      'CONFLICT',
    );
  });

  test("R-27 a quantity outside the offer's bounds is INVALID_QUANTITY (R-23)", async () => {
    const id = await ids.subscription('Northwind Traders', 'MS-365-BS-M');
    const version = await versionOf(contoso, id);
    const error = await refused(
      contoso,
      CHANGE_QUANTITY,
      { subscriptionId: id, quantity: 301, version },
      'INVALID_QUANTITY',
    );
    expect(error.field).toBe('input.quantity');
  });

  test('R-27 ACTIVE -> SUSPENDED -> ACTIVE -> CANCELLED, each audited; other moves are INVALID_STATE', async () => {
    const id = await ids.subscription('Best For You Organics', 'O365-E3-A');
    const suspended = await mutate(contoso, SUSPEND, {
      subscriptionId: id,
      version: 1,
      reason: 'CUSTOMER_REQUEST',
    });
    expect(suspended.subscription).toMatchObject({
      status: 'SUSPENDED',
      suspensionReason: 'CUSTOMER_REQUEST',
      version: 2,
    });
    await refused(
      contoso,
      SUSPEND,
      { subscriptionId: id, version: 2, reason: 'OTHER' },
      'INVALID_STATE',
    );
    const quantityWhileSuspended = await refused(
      contoso,
      CHANGE_QUANTITY,
      { subscriptionId: id, version: 2, quantity: 13 },
      'INVALID_STATE',
    );
    expect(quantityWhileSuspended.message).toContain('SUSPENDED');

    const reactivated = await mutate(contoso, REACTIVATE, { subscriptionId: id, version: 2 });
    expect(reactivated.subscription).toMatchObject({
      status: 'ACTIVE',
      suspensionReason: null,
      version: 3,
    });
    await refused(contoso, REACTIVATE, { subscriptionId: id, version: 3 }, 'INVALID_STATE');

    const cancelled = await mutate(contoso, CANCEL, { subscriptionId: id, version: 3 });
    expect(cancelled.subscription).toMatchObject({ status: 'CANCELLED', version: 4 });
    expect(Date.parse(cancelled.subscription.cancelledAt)).toBeGreaterThan(Date.now() - 60_000);
    for (const [document, extra] of [
      [CANCEL, {}],
      [REACTIVATE, {}],
      [SUSPEND, { reason: 'OTHER' }],
      [CHANGE_QUANTITY, { quantity: 14 }],
    ] as const) {
      await refused(
        contoso,
        document,
        { subscriptionId: id, version: 4, ...extra },
        'INVALID_STATE',
      );
    }

    const log = expectOk(await contoso.query(AUDIT, { id })).auditLog.nodes;
    expect(log.map((r: any) => [r.operation, r.oldValue, r.newValue])).toEqual([
      [
        'suspendSubscription',
        { status: 'ACTIVE', suspensionReason: null, version: 1 },
        { status: 'SUSPENDED', suspensionReason: 'CUSTOMER_REQUEST', version: 2 },
      ],
      [
        'reactivateSubscription',
        { status: 'SUSPENDED', suspensionReason: 'CUSTOMER_REQUEST', version: 2 },
        { status: 'ACTIVE', suspensionReason: null, version: 3 },
      ],
      [
        'cancelSubscription',
        { status: 'ACTIVE', suspensionReason: null, cancelledAt: null, version: 3 },
        {
          status: 'CANCELLED',
          suspensionReason: null,
          cancelledAt: cancelled.subscription.cancelledAt,
          version: 4,
        },
      ],
    ]);
  });

  test('R-27 a SUSPENDED subscription can be cancelled', async () => {
    const id = await ids.subscription('Tailspin Toys', 'D365-SALES-PRO');
    const data = await mutate(contoso, CANCEL, { subscriptionId: id, version: 1 });
    expect(data.subscription).toMatchObject({ status: 'CANCELLED', suspensionReason: null });
  });

  test('R-27 only the billing partner changes a subscription: NOT_BILLING_PARTNER; one out of sight is NOT_FOUND', async () => {
    const northwindStandard = await ids.subscription('Northwind Traders', 'MS-365-BS-M');
    const version = await versionOf(contoso, northwindStandard);
    // Trey is partner of record and support contact: it reads the subscription, never changes it.
    const trey = await api.as(demo.trey.globalAdmin);
    for (const [document, extra] of [
      [CHANGE_QUANTITY, { quantity: 26 }],
      [SUSPEND, { reason: 'OTHER' }],
      [CANCEL, {}],
    ] as const) {
      await refused(
        trey,
        document,
        { subscriptionId: northwindStandard, version, ...extra },
        'NOT_BILLING_PARTNER',
      );
    }
    // Contoso administers Alpine Ski House (delegated admin) but Adatum bills its subscription.
    const alpine = await ids.subscription('Alpine Ski House', 'MS-365-BB-M');
    await refused(
      contoso,
      CHANGE_QUANTITY,
      { subscriptionId: alpine, version: 1, quantity: 50 },
      'NOT_BILLING_PARTNER',
    );
    // Litware has nothing to do with Northwind: its subscription reads like an unknown one.
    const litware = await api.as(demo.litware.globalAdmin);
    const foreign = await refused(
      litware,
      CHANGE_QUANTITY,
      { subscriptionId: northwindStandard, version, quantity: 26 },
      'NOT_FOUND',
    );
    const unknown = await refused(
      litware,
      CHANGE_QUANTITY,
      {
        subscriptionId: Buffer.from('Subscription:999999').toString('base64url'),
        version,
        quantity: 26,
      },
      'NOT_FOUND',
    );
    expect(foreign).toEqual(unknown);
    expect(foreign.field).toBe('input.subscriptionId');
  });

  test('R-05 a subscription change re-checks the acting user as stored (read with its partner): disabled is UNAUTHENTICATED, a role taken away FORBIDDEN; the payload matches a fresh read', async () => {
    const id = await ids.subscription('Northwind Traders', 'MS-365-BS-M');
    const version = await versionOf(contoso, id);
    const [user] = (await api.dataSource.query('SELECT id, roles FROM app_user WHERE email = ?', [
      demo.contoso.sales,
    ])) as Array<{ id: number; roles: string }>;
    const setUser = (column: 'status' | 'roles', value: string) =>
      api.dataSource.query(`UPDATE app_user SET ${column} = ? WHERE id = ?`, [value, user.id]);
    const input = { subscriptionId: id, version, quantity: 31 };

    await setUser('status', 'DISABLED');
    const disabled = await expectDbUnchanged(api.dataSource, () =>
      contoso.query(CHANGE_QUANTITY, { input }),
    );
    expect(topLevelError(disabled)?.code).toBe('UNAUTHENTICATED');
    await setUser('status', 'ACTIVE');

    await setUser('roles', 'HELPDESK_AGENT');
    const demoted = await expectDbUnchanged(api.dataSource, () =>
      contoso.query(CHANGE_QUANTITY, { input }),
    );
    expect(topLevelError(demoted)?.code).toBe('FORBIDDEN');
    await setUser('roles', user.roles);

    const changed = await mutate(contoso, CHANGE_QUANTITY, input);
    expect(changed.userErrors).toEqual([]);
    const read = expectOk(
      await contoso.query(
        `query($id: ID!) { node(id: $id) { ... on Subscription { ${SUBSCRIPTION_FIELDS} } } }`,
        { id },
      ),
    ).node;
    expect(changed.subscription).toEqual(read);
    expect(read).toMatchObject({ quantity: 31, version: version + 1 });
  });

  test('R-27 roles without commercial rights are FORBIDDEN; malformed input is BAD_USER_INPUT', async () => {
    const id = await ids.subscription('Northwind Traders', 'AZ-PLAN');
    const input = { subscriptionId: id, version: 1, quantity: 1 };
    for (const email of [demo.contoso.helpdesk, demo.contoso.billing, demo.customers.northwind]) {
      const result = await expectDbUnchanged(api.dataSource, async () =>
        (await api.as(email)).query(CHANGE_QUANTITY, { input }),
      );
      expect(topLevelError(result)?.code).toBe('FORBIDDEN');
    }
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [CHANGE_QUANTITY, { ...input, quantity: 0 }, 'input.quantity'],
      [CHANGE_QUANTITY, { ...input, version: 0 }, 'input.version'],
      [CHANGE_QUANTITY, { ...input, subscriptionId: 'nope' }, 'input.subscriptionId'],
      [
        CHANGE_QUANTITY,
        { ...input, subscriptionId: await ids.offer('AZ-PLAN') },
        'input.subscriptionId',
      ],
      [SET_PARTNER_OF_RECORD, { subscriptionId: id, resellerId: id }, 'input.resellerId'],
    ];
    for (const [document, bad, field] of cases) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        contoso.query(document, { input: bad }),
      );
      expect(topLevelError(result)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // An enum value outside SuspensionReason is refused by GraphQL itself.
    const badReason = await contoso.query(SUSPEND, {
      input: { subscriptionId: id, version: 1, reason: 'BORED' },
    });
    expect(topLevelError(badReason)?.code).toBe('BAD_USER_INPUT');
  });

  test('R-27 twenty parallel changes decided on one version: exactly one wins, the others get CONFLICT', async () => {
    const id = await ids.subscription('Wingtip Toys', 'O365-E1-M');
    const fabrikam = await api.as(demo.fabrikam.adminAgent);
    const auditBefore = await countRows(api.dataSource, 'audit_record');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        mutate(fabrikam, CHANGE_QUANTITY, { subscriptionId: id, version: 1, quantity: 41 + i }),
      ),
    );
    const winners = answers.filter((a) => a.userErrors.length === 0);
    expect(winners).toHaveLength(1);
    for (const loser of answers.filter((a) => a.userErrors.length > 0)) {
      expect(loser.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    }
    const now = expectOk(
      await fabrikam.query(
        'query($id: ID!) { node(id: $id) { ... on Subscription { quantity version } } }',
        {
          id,
        },
      ),
    ).node;
    expect(now).toEqual({ quantity: winners[0].subscription.quantity, version: 2 });
    expect(await countRows(api.dataSource, 'audit_record')).toBe(auditBefore + 1);
  });

  test('R-27 parallel read-change-retry loops lose no update', async () => {
    const id = await ids.subscription('Woodgrove Bank', 'MS-365-E5-A');
    const adatum = await api.as(demo.adatum.sales);
    const workers = 8;
    const addOne = async () => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const current = expectOk(
          await adatum.query(
            'query($id: ID!) { node(id: $id) { ... on Subscription { quantity version } } }',
            { id },
          ),
        ).node;
        const data = await mutate(adatum, CHANGE_QUANTITY, {
          subscriptionId: id,
          version: current.version,
          quantity: current.quantity + 1,
        });
        if (data.userErrors.length === 0) return;
        expect(data.userErrors[0].code).toBe('CONFLICT');
      }
      throw new Error('gave up after 50 conflicts');
    };
    await Promise.all(Array.from({ length: workers }, addOne));
    const final = expectOk(
      await adatum.query(
        'query($id: ID!) { node(id: $id) { ... on Subscription { quantity version } } }',
        {
          id,
        },
      ),
    ).node;
    expect(final).toEqual({ quantity: 300 + workers, version: 1 + workers });
    const log = expectOk(await adatum.query(AUDIT, { id })).auditLog.nodes;
    expect(log).toHaveLength(workers);
  });
});

describe('R-25 / R-26 partner of record and support contact after the order', () => {
  let api: TestServer;
  let ids: Ids;
  let subscriptionId: string;
  let provider: GqlClient;
  let good: GqlClient;
  let goodId: string;

  const READ = `query($id: ID!) {
    node(id: $id) { ... on Subscription { id customer { name subscriptions { totalCount } } } }
  }`;

  beforeAll(async () => {
    api = await startTestServer({ seed: buildAssociationFixture });
    ids = new Ids(api.dataSource);
    subscriptionId = await ids.subscription(a.customer, a.offerCode);
    provider = await api.as(a.users.providerSales);
    good = await api.as(a.users.good);
    goodId = await ids.partner(a.good);
  });
  afterAll(() => api.close());

  test('R-26 the support contact can read the subscription and its customer, even after its relationship ends', async () => {
    // Good Reseller has a reseller relationship without delegated admin: the subscription is out of sight.
    expect(expectOk(await good.query(READ, { id: subscriptionId })).node).toBeNull();
    const set = await mutate(provider, SET_SUPPORT_CONTACT, { subscriptionId, resellerId: goodId });
    expect(set.userErrors).toEqual([]);
    expect(set.subscription).toMatchObject({ supportContact: { name: a.good }, version: 2 });
    expect(expectOk(await good.query(READ, { id: subscriptionId })).node).toEqual({
      id: subscriptionId,
      customer: { name: a.customer, subscriptions: { totalCount: 1 } },
    });
    // The customer removes the reseller; as support contact it still serves this subscription.
    const customerId = await ids.organizationId(a.customer);
    const resellerId = await ids.organizationId(a.good);
    await api.dataSource.query(
      "UPDATE customer_relationship SET status = 'REMOVED', live_key = NULL WHERE customer_id = ? AND partner_id = ?",
      [customerId, resellerId],
    );
    try {
      expect(expectOk(await good.query(READ, { id: subscriptionId })).node?.customer?.name).toBe(
        a.customer,
      );
      // ... but it can no longer be designated anew (R-26 precondition, checked now).
      await expectDbUnchanged(api.dataSource, async () => {
        const again = await mutate(provider, SET_PARTNER_OF_RECORD, {
          subscriptionId,
          resellerId: goodId,
        });
        expect(again.userErrors).toEqual([
          expect.objectContaining({ code: 'RESELLER_NOT_ASSOCIATED', field: 'input.resellerId' }),
        ]);
      });
    } finally {
      await api.dataSource.query(
        "UPDATE customer_relationship SET status = 'ACTIVE', live_key = 1 WHERE customer_id = ? AND partner_id = ?",
        [customerId, resellerId],
      );
    }
    const cleared = await mutate(provider, SET_SUPPORT_CONTACT, {
      subscriptionId,
      resellerId: null,
    });
    expect(cleared.subscription).toMatchObject({ supportContact: null, version: 3 });
    expect(expectOk(await good.query(READ, { id: subscriptionId })).node).toBeNull();
  });

  test('R-25 the billing partner designates and clears the partner of record, audited', async () => {
    const version = await versionOf(provider, subscriptionId);
    const set = await mutate(provider, SET_PARTNER_OF_RECORD, {
      subscriptionId,
      resellerId: goodId,
      version,
    });
    expect(set.userErrors).toEqual([]);
    expect(set.subscription).toMatchObject({
      partnerOfRecord: { name: a.good },
      version: version + 1,
    });
    const log = expectOk(await good.query(AUDIT, { id: subscriptionId })).auditLog.nodes;
    expect(log[log.length - 1]).toMatchObject({
      operation: 'setSubscriptionPartnerOfRecord',
      oldValue: { partnerOfRecordId: null, version },
      newValue: { partnerOfRecordId: goodId, version: version + 1 },
    });
    // The partner of record reads the subscription but does not change it.
    expect(
      (
        await expectDbUnchanged(api.dataSource, () =>
          good.query(SET_PARTNER_OF_RECORD, { input: { subscriptionId, resellerId: null } }),
        )
      ).data?.setSubscriptionPartnerOfRecord.userErrors,
    ).toEqual([expect.objectContaining({ code: 'NOT_BILLING_PARTNER' })]);
    const cleared = await mutate(provider, SET_PARTNER_OF_RECORD, {
      subscriptionId,
      resellerId: null,
    });
    expect(cleared.subscription).toMatchObject({ partnerOfRecord: null, version: version + 2 });
  });

  test.each([
    ['R-25', SET_PARTNER_OF_RECORD],
    ['R-26', SET_SUPPORT_CONTACT],
  ])(
    '%s refusals: RESELLER_NOT_ASSOCIATED for each missing condition, CONFLICT for a stale version',
    async (_rule, document) => {
      const version = await versionOf(provider, subscriptionId);
      for (const name of [
        a.noAgreement,
        a.suspendedPartner,
        a.suspendedPartnership,
        a.revokedPartnership,
        a.noRelationship,
        a.otherProvidersReseller,
      ]) {
        await expectDbUnchanged(api.dataSource, async () => {
          const data = await mutate(provider, document, {
            subscriptionId,
            resellerId: await ids.partner(name),
            version,
          });
          expect(data.userErrors).toEqual([
            expect.objectContaining({ code: 'RESELLER_NOT_ASSOCIATED', field: 'input.resellerId' }),
          ]);
        });
      }
      await expectDbUnchanged(api.dataSource, async () => {
        const stale = await mutate(provider, document, {
          subscriptionId,
          resellerId: goodId,
          version: version - 1,
        });
        expect(stale.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
      });
    },
  );

  test('R-25 a cancelled subscription keeps its associations: INVALID_STATE', async () => {
    const admin = await api.as(a.users.provider);
    const version = await versionOf(admin, subscriptionId);
    expect((await mutate(admin, CANCEL, { subscriptionId, version })).userErrors).toEqual([]);
    for (const document of [SET_PARTNER_OF_RECORD, SET_SUPPORT_CONTACT]) {
      await expectDbUnchanged(api.dataSource, async () => {
        const data = await mutate(admin, document, { subscriptionId, resellerId: goodId });
        expect(data.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
      });
    }
  });
});
