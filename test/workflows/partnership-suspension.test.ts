import { UserErrorCode } from '../../src/core/user-error';
import {
  assertActivePartnership,
  findActivePartnership,
} from '../../src/partnerships/partnership.policy';
import { expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import {
  mpnIdOf,
  organizationId,
  partnerGlobalId,
  partnershipIdOf,
  REACTIVATE_PARTNERSHIP,
  REQUEST,
  REINSTATE_PARTNER,
  SUSPEND_PARTNER,
  SUSPEND_PARTNERSHIP,
  topLevelCode,
  userErrorOf,
} from '../support/partnerships';
import { expectOk, startTestServer, type TestServer } from '../support/test-server';

describe('R-10 vendor suspension of partnerships and partners', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  /** The guard other domains call, outside any request. */
  async function activePartnership(provider: string, reseller: string) {
    const app = api.server.app;
    const reader = {
      manager: api.dataSource.manager,
      db: app.db,
      hydrator: app.hydrator.bind(app),
    };
    return findActivePartnership(
      reader,
      await organizationId(api.dataSource, provider),
      await organizationId(api.dataSource, reseller),
    );
  }

  test('R-10 the vendor suspends and reactivates one partnership; while SUSPENDED it is not an active partnership', async () => {
    const vendor = await api.as(demo.vendor);
    const partnershipId = await partnershipIdOf(
      api.dataSource,
      'Contoso Distribution',
      'Trey Research IT',
    );
    expect(await activePartnership('Contoso Distribution', 'Trey Research IT')).not.toBeNull();

    const suspended = expectOk(
      await vendor.query(SUSPEND_PARTNERSHIP, {
        input: { partnershipId, reason: 'Compliance review' },
      }),
    );
    expect(suspended.suspendPartnership).toMatchObject({
      userErrors: [],
      partnership: { state: 'SUSPENDED', suspendedBecauseOf: null },
    });
    expect(await activePartnership('Contoso Distribution', 'Trey Research IT')).toBeNull();
    const app = api.server.app;
    const reader = {
      manager: api.dataSource.manager,
      db: app.db,
      hydrator: app.hydrator.bind(app),
    };
    await expect(
      assertActivePartnership(
        reader,
        await organizationId(api.dataSource, 'Contoso Distribution'),
        await organizationId(api.dataSource, 'Trey Research IT'),
        { code: UserErrorCode.RESELLER_NOT_PARTNERED, field: 'input.resellerId' },
      ),
    ).rejects.toMatchObject({ code: 'RESELLER_NOT_PARTNERED', field: 'input.resellerId' });

    const trey = await api.as(demo.trey.globalAdmin);
    const active = expectOk(
      await trey.query('{ indirectProviders(state: ACTIVE) { nodes { name } } }'),
    );
    expect(active.indirectProviders.nodes).toEqual([{ name: 'Fabrikam Distribution' }]);

    // a SUSPENDED partnership is still live: no second one for the pair.
    const contoso = await api.as(demo.contoso.globalAdmin);
    const resellerMpnId = await mpnIdOf(api.dataSource, 'Trey Research IT');
    const duplicate = await expectDbUnchanged(api.dataSource, () =>
      contoso.query(REQUEST, { input: { resellerMpnId } }),
    );
    expect(userErrorOf(duplicate, 'requestPartnership').code).toBe('ALREADY_EXISTS');

    // both sides read the vendor's decision.
    for (const email of [demo.contoso.globalAdmin, demo.trey.globalAdmin]) {
      const log = expectOk(
        await (
          await api.as(email)
        ).query('{ auditLog(operation: "suspendPartnership") { nodes { resourceId newValue } } }'),
      );
      expect(log.auditLog.nodes).toEqual([
        expect.objectContaining({
          resourceId: partnershipId,
          newValue: expect.objectContaining({ state: 'SUSPENDED', reason: 'Compliance review' }),
        }),
      ]);
    }

    const again = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(SUSPEND_PARTNERSHIP, { input: { partnershipId } }),
    );
    expect(userErrorOf(again, 'suspendPartnership').code).toBe('INVALID_STATE');

    const reactivated = expectOk(
      await vendor.query(REACTIVATE_PARTNERSHIP, { input: { partnershipId } }),
    );
    expect(reactivated.reactivatePartnership.partnership.state).toBe('ACTIVE');
    expect(await activePartnership('Contoso Distribution', 'Trey Research IT')).not.toBeNull();
  });

  test('R-10 an INVITED partnership becomes ACTIVE only by acceptance: suspend and reactivate refuse it (INVALID_STATE)', async () => {
    const vendor = await api.as(demo.vendor);
    const invited = await partnershipIdOf(
      api.dataSource,
      'Fabrikam Distribution',
      'Lucerne IT Services',
    );
    for (const mutation of [SUSPEND_PARTNERSHIP, REACTIVATE_PARTNERSHIP]) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        vendor.query(mutation, { input: { partnershipId: invited } }),
      );
      const field =
        mutation === SUSPEND_PARTNERSHIP ? 'suspendPartnership' : 'reactivatePartnership';
      expect(userErrorOf(result, field).code).toBe('INVALID_STATE');
    }
    const revoked = await partnershipIdOf(api.dataSource, 'Contoso Distribution', 'VanArsdel Tech');
    const result = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REACTIVATE_PARTNERSHIP, { input: { partnershipId: revoked } }),
    );
    expect(userErrorOf(result, 'reactivatePartnership').code).toBe('INVALID_STATE');
  });

  test('R-10 only the vendor suspends: partners get FORBIDDEN; unknown IDs NOT_FOUND; malformed IDs BAD_USER_INPUT', async () => {
    const partnershipId = await partnershipIdOf(
      api.dataSource,
      'Contoso Distribution',
      'Trey Research IT',
    );
    const partnerId = await partnerGlobalId(api.dataSource, 'Trey Research IT');
    for (const email of [
      demo.contoso.globalAdmin,
      demo.trey.globalAdmin,
      demo.customers.northwind,
    ]) {
      const client = await api.as(email);
      for (const [mutation, input] of [
        [SUSPEND_PARTNERSHIP, { partnershipId }],
        [REACTIVATE_PARTNERSHIP, { partnershipId }],
        [SUSPEND_PARTNER, { partnerId }],
        [REINSTATE_PARTNER, { partnerId }],
      ] as const) {
        const result = await expectDbUnchanged(api.dataSource, () =>
          client.query(mutation, { input }),
        );
        expect(topLevelCode(result)).toBe('FORBIDDEN');
      }
    }
    const vendor = await api.as(demo.vendor);
    const unknownPartnership = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(SUSPEND_PARTNERSHIP, {
        input: { partnershipId: Buffer.from('Partnership:99999').toString('base64url') },
      }),
    );
    expect(userErrorOf(unknownPartnership, 'suspendPartnership')).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.partnershipId',
    });
    const unknownPartner = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(SUSPEND_PARTNER, {
        input: { partnerId: Buffer.from('Partner:99999').toString('base64url') },
      }),
    );
    expect(userErrorOf(unknownPartner, 'suspendPartner')).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.partnerId',
    });
    const customerId = Buffer.from(
      `Customer:${await organizationId(api.dataSource, 'Northwind Traders')}`,
    ).toString('base64url');
    const wrongType = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(SUSPEND_PARTNER, { input: { partnerId: customerId } }),
    );
    expect(wrongType.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.partnerId',
    });
    const longReason = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(SUSPEND_PARTNER, { input: { partnerId, reason: 'x'.repeat(501) } }),
    );
    expect(longReason.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.reason',
    });
  });

  test('R-10 suspending a partner suspends its active partnerships; reinstating brings back only those it suspended', async () => {
    const vendor = await api.as(demo.vendor);
    const ids = {
      contosoTrey: await partnershipIdOf(
        api.dataSource,
        'Contoso Distribution',
        'Trey Research IT',
      ),
      fabrikamTrey: await partnershipIdOf(
        api.dataSource,
        'Fabrikam Distribution',
        'Trey Research IT',
      ),
      contosoLitware: await partnershipIdOf(
        api.dataSource,
        'Contoso Distribution',
        'Litware Systems',
      ),
    };
    const trey = await partnerGlobalId(api.dataSource, 'Trey Research IT');
    const contoso = await partnerGlobalId(api.dataSource, 'Contoso Distribution');
    const state = async () => {
      const data = expectOk(
        await vendor.query(
          `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Partnership { id state suspendedBecauseOf { name } } } }`,
          { ids: Object.values(ids) },
        ),
      );
      return Object.fromEntries(
        Object.keys(ids).map((key, i) => [
          key,
          [data.nodes[i].state, data.nodes[i].suspendedBecauseOf?.name ?? null],
        ]),
      );
    };

    // The vendor suspends Contoso-Litware by itself: partner reinstatements leave it alone.
    expectOk(
      await vendor.query(SUSPEND_PARTNERSHIP, { input: { partnershipId: ids.contosoLitware } }),
    );

    const suspendTrey = expectOk(
      await vendor.query(SUSPEND_PARTNER, {
        input: { partnerId: trey, reason: 'Unpaid invoices' },
      }),
    );
    expect(suspendTrey.suspendPartner).toMatchObject({
      userErrors: [],
      partner: { name: 'Trey Research IT', status: 'SUSPENDED' },
    });
    expect(
      suspendTrey.suspendPartner.partnerships
        .map((p: { provider: { name: string } }) => p.provider.name)
        .sort(),
    ).toEqual(['Contoso Distribution', 'Fabrikam Distribution']);
    expect(await state()).toEqual({
      contosoTrey: ['SUSPENDED', 'Trey Research IT'],
      fabrikamTrey: ['SUSPENDED', 'Trey Research IT'],
      contosoLitware: ['SUSPENDED', null],
    });

    // Trey cannot be suspended twice, nor a partner still in review.
    const twice = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(SUSPEND_PARTNER, { input: { partnerId: trey } }),
    );
    expect(userErrorOf(twice, 'suspendPartner').code).toBe('INVALID_STATE');
    const relecloud = await partnerGlobalId(api.dataSource, 'Relecloud Partners');
    const inReview = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(SUSPEND_PARTNER, { input: { partnerId: relecloud } }),
    );
    expect(userErrorOf(inReview, 'suspendPartner').code).toBe('INVALID_STATE');

    // Contoso suspended too: its partnerships are already suspended for other reasons.
    const suspendContoso = expectOk(
      await vendor.query(SUSPEND_PARTNER, { input: { partnerId: contoso } }),
    );
    expect(suspendContoso.suspendPartner.partnerships).toEqual([]);

    // a suspended provider cannot request a partnership.
    const contosoAdmin = await api.as(demo.contoso.globalAdmin);
    const southridgeMpn = await mpnIdOf(api.dataSource, 'Southridge Solutions');
    const refused = await expectDbUnchanged(api.dataSource, () =>
      contosoAdmin.query(REQUEST, { input: { resellerMpnId: southridgeMpn } }),
    );
    expect(userErrorOf(refused, 'requestPartnership').code).toBe('PARTNER_NOT_ACTIVE');

    // Reinstating Trey: Fabrikam-Trey is back; Contoso-Trey waits for Contoso.
    const reinstateTrey = expectOk(
      await vendor.query(REINSTATE_PARTNER, { input: { partnerId: trey } }),
    );
    expect(reinstateTrey.reinstatePartner.partner.status).toBe('ACTIVE');
    expect(reinstateTrey.reinstatePartner.partnerships.map((p: { id: string }) => p.id)).toEqual([
      ids.fabrikamTrey,
    ]);
    expect(await state()).toEqual({
      contosoTrey: ['SUSPENDED', 'Contoso Distribution'],
      fabrikamTrey: ['ACTIVE', null],
      contosoLitware: ['SUSPENDED', null],
    });

    const early = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REACTIVATE_PARTNERSHIP, { input: { partnershipId: ids.contosoTrey } }),
    );
    expect(userErrorOf(early, 'reactivatePartnership').code).toBe('INVALID_STATE');

    const reinstateContoso = expectOk(
      await vendor.query(REINSTATE_PARTNER, { input: { partnerId: contoso } }),
    );
    expect(reinstateContoso.reinstatePartner.partnerships.map((p: { id: string }) => p.id)).toEqual(
      [ids.contosoTrey],
    );
    expect(await state()).toEqual({
      contosoTrey: ['ACTIVE', null],
      fabrikamTrey: ['ACTIVE', null],
      contosoLitware: ['SUSPENDED', null],
    });

    const notSuspended = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REINSTATE_PARTNER, { input: { partnerId: contoso } }),
    );
    expect(userErrorOf(notSuspended, 'reinstatePartner').code).toBe('INVALID_STATE');

    // Trey reads its suspension and that of its partnerships; Litware sees none of Trey's.
    const query = '{ auditLog(operation: "suspendPartner") { nodes { resourceType resourceId } } }';
    const treyLog = expectOk(await (await api.as(demo.trey.globalAdmin)).query(query));
    expect(treyLog.auditLog.nodes).toEqual(
      expect.arrayContaining([
        { resourceType: 'Partner', resourceId: trey },
        { resourceType: 'Partnership', resourceId: ids.contosoTrey },
        { resourceType: 'Partnership', resourceId: ids.fabrikamTrey },
      ]),
    );
    const litwareLog = expectOk(await (await api.as(demo.litware.globalAdmin)).query(query));
    expect(litwareLog.auditLog.nodes).toEqual([]);
  });
});
