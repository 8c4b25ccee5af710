import { DEMO_INVITATION_TOKEN } from '../../src/entry/seed/demo-channel';
import { countRows, expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import {
  ACCEPT,
  expireInvitations,
  mpnIdOf,
  organizationId,
  partnershipIdOf,
  REMOVE_ADMIN_ACCESS,
  requestOk,
  topLevelCode,
  userErrorOf,
} from '../support/partnerships';
import { expectOk, startTestServer, type TestServer } from '../support/test-server';

const accept = (token: string, consent = true) => ({ input: { token, consent } });

describe('R-11 acceptPartnershipInvitation', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test('R-11 refusals: consent and token format are BAD_USER_INPUT; roles are FORBIDDEN', async () => {
    const lucerne = await api.as(demo.lucerne.globalAdmin);
    const noConsent = await expectDbUnchanged(api.dataSource, () =>
      lucerne.query(ACCEPT, accept(DEMO_INVITATION_TOKEN, false)),
    );
    expect(noConsent.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.consent',
    });
    const badToken = await expectDbUnchanged(api.dataSource, () =>
      lucerne.query(ACCEPT, accept('not a token!')),
    );
    expect(badToken.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.token',
    });
    for (const email of [demo.trey.sales, demo.trey.helpdesk, demo.customers.munson, demo.vendor]) {
      const client = await api.as(email);
      const result = await expectDbUnchanged(api.dataSource, () =>
        client.query(ACCEPT, accept(DEMO_INVITATION_TOKEN)),
      );
      expect(topLevelCode(result)).toBe('FORBIDDEN');
    }
  });

  test('R-11 unknown, foreign and expired tokens are INVITATION_INVALID, indistinguishable, nothing changes', async () => {
    const lucerne = await api.as(demo.lucerne.globalAdmin);
    const unknown = await expectDbUnchanged(api.dataSource, () =>
      lucerne.query(ACCEPT, accept('an-unknown-token-of-good-shape')),
    );
    const expected = {
      code: 'INVITATION_INVALID',
      field: 'input.token',
      message: expect.any(String),
    };
    const reference = userErrorOf(unknown, 'acceptPartnershipInvitation');
    expect(reference).toEqual(expected);

    // The demo token is meant for Lucerne: Trey (another reseller) and Fabrikam (the sender).
    for (const email of [demo.trey.globalAdmin, demo.fabrikam.globalAdmin]) {
      const client = await api.as(email);
      const foreign = await expectDbUnchanged(api.dataSource, () =>
        client.query(ACCEPT, accept(DEMO_INVITATION_TOKEN)),
      );
      expect(userErrorOf(foreign, 'acceptPartnershipInvitation')).toEqual(reference);
      expect(foreign.data.acceptPartnershipInvitation.partnership).toBeNull();
    }

    const fabrikam = await api.as(demo.fabrikam.globalAdmin);
    const toLitware = await requestOk(fabrikam, {
      resellerMpnId: await mpnIdOf(api.dataSource, 'Litware Systems'),
    });
    await expireInvitations(api.dataSource, toLitware.partnership.id);
    const litware = await api.as(demo.litware.globalAdmin);
    const expired = await expectDbUnchanged(api.dataSource, () =>
      litware.query(ACCEPT, accept(toLitware.token)),
    );
    expect(userErrorOf(expired, 'acceptPartnershipInvitation')).toEqual(reference);
  });

  test('R-11 the invited reseller accepts: ACTIVE, listed on both sides, link used up, audit for both', async () => {
    const lucerne = await api.as(demo.lucerne.globalAdmin);
    const started = Date.now() - 1000;
    const data = expectOk(await lucerne.query(ACCEPT, accept(DEMO_INVITATION_TOKEN)));
    const { partnership, userErrors } = data.acceptPartnershipInvitation;
    expect(userErrors).toEqual([]);
    expect(partnership).toMatchObject({
      state: 'ACTIVE',
      providerAdminAccess: true,
      provider: { name: 'Fabrikam Distribution' },
      reseller: { name: 'Lucerne IT Services' },
      invitation: { status: 'USED' },
    });
    expect(Date.parse(partnership.acceptedAt)).toBeGreaterThan(started);

    const providers = expectOk(
      await lucerne.query(
        '{ indirectProviders(state: ACTIVE) { edges { node { name } partnership { providerAdminAccess } } } }',
      ),
    );
    expect(providers.indirectProviders.edges).toEqual([
      { node: { name: 'Fabrikam Distribution' }, partnership: { providerAdminAccess: true } },
    ]);
    const fabrikam = await api.as(demo.fabrikam.adminAgent);
    const resellers = expectOk(
      await fabrikam.query('{ indirectResellers(state: ACTIVE) { nodes { name } } }'),
    );
    expect(resellers.indirectResellers.nodes.map((n: { name: string }) => n.name)).toContain(
      'Lucerne IT Services',
    );

    // A link works once.
    const again = await expectDbUnchanged(api.dataSource, () =>
      lucerne.query(ACCEPT, accept(DEMO_INVITATION_TOKEN)),
    );
    expect(userErrorOf(again, 'acceptPartnershipInvitation').code).toBe('INVITATION_INVALID');

    // both organizations read the acceptance.
    const query = `{ auditLog(operation: "acceptPartnershipInvitation") { nodes { resourceId actor { email } oldValue newValue } } }`;
    for (const email of [demo.lucerne.globalAdmin, demo.fabrikam.globalAdmin]) {
      const log = expectOk(await (await api.as(email)).query(query));
      expect(log.auditLog.nodes).toEqual([
        expect.objectContaining({
          resourceId: partnership.id,
          oldValue: expect.objectContaining({ state: 'INVITED', providerAdminAccess: false }),
          newValue: expect.objectContaining({
            state: 'ACTIVE',
            providerAdminAccess: true,
            consent: true,
          }),
        }),
      ]);
    }
  });

  test('R-04 the reseller must be able to transact at acceptance: Southridge accepts only after accepting the agreement', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const request = await requestOk(contoso, {
      resellerMpnId: await mpnIdOf(api.dataSource, 'Southridge Solutions'),
    });
    const southridge = await api.as(demo.southridge.globalAdmin);
    const refused = await expectDbUnchanged(api.dataSource, () =>
      southridge.query(ACCEPT, accept(request.token)),
    );
    expect(userErrorOf(refused, 'acceptPartnershipInvitation').code).toBe('AGREEMENT_NOT_ACCEPTED');
    expectOk(
      await southridge.query(
        'mutation { acceptPartnerAgreement(input: { consent: true }) { userErrors { code } } }',
      ),
    );
    const ok = expectOk(await southridge.query(ACCEPT, accept(request.token)));
    expect(ok.acceptPartnershipInvitation.partnership.state).toBe('ACTIVE');
  });

  test('R-08 and R-04 are checked again at acceptance: a withdrawn region authorization or a suspended side refuses it', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const request = await requestOk(contoso, {
      resellerMpnId: await mpnIdOf(api.dataSource, 'VanArsdel Tech'),
    });
    const vanarsdel = await api.as(demo.vanarsdel.globalAdmin);
    const contosoId = await organizationId(api.dataSource, 'Contoso Distribution');

    await api.dataSource.query(
      "DELETE FROM provider_authorization WHERE provider_id = ? AND region_code = 'LATIN_AMERICA'",
      [contosoId],
    );
    const region = await expectDbUnchanged(api.dataSource, () =>
      vanarsdel.query(ACCEPT, accept(request.token)),
    );
    expect(userErrorOf(region, 'acceptPartnershipInvitation').code).toBe('REGION_MISMATCH');
    await api.dataSource.query(
      "INSERT INTO provider_authorization (provider_id, region_code, authorized_at) VALUES (?, 'LATIN_AMERICA', '2026-01-01 00:00:00.000')",
      [contosoId],
    );

    for (const name of ['Contoso Distribution', 'VanArsdel Tech']) {
      await api.dataSource.query("UPDATE organization SET status = 'SUSPENDED' WHERE name = ?", [
        name,
      ]);
      const suspended = await expectDbUnchanged(api.dataSource, () =>
        vanarsdel.query(ACCEPT, accept(request.token)),
      );
      expect(userErrorOf(suspended, 'acceptPartnershipInvitation').code).toBe('PARTNER_NOT_ACTIVE');
      await api.dataSource.query("UPDATE organization SET status = 'ACTIVE' WHERE name = ?", [
        name,
      ]);
    }
    const ok = expectOk(await vanarsdel.query(ACCEPT, accept(request.token)));
    expect(ok.acceptPartnershipInvitation.partnership.state).toBe('ACTIVE');
  });

  test('R-11 twenty parallel acceptances of one link: exactly one partnership and one acceptance record', async () => {
    const fabrikam = await api.as(demo.fabrikam.globalAdmin);
    const partnershipId = await partnershipIdOf(
      api.dataSource,
      'Fabrikam Distribution',
      'Litware Systems',
    );
    // Litware's earlier request expired: a new one replaces it.
    const request = await requestOk(fabrikam, {
      resellerMpnId: await mpnIdOf(api.dataSource, 'Litware Systems'),
    });
    expect(request.partnership.id).toBe(partnershipId);
    const litware = await api.as(demo.litware.globalAdmin);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => litware.query(ACCEPT, accept(request.token))),
    );
    const payloads = results.map((r) => expectOk(r).acceptPartnershipInvitation);
    const winners = payloads.filter((p) => p.userErrors.length === 0);
    expect(winners).toHaveLength(1);
    expect(winners[0].partnership.state).toBe('ACTIVE');
    for (const p of payloads.filter((p) => p.userErrors.length > 0)) {
      expect(p.userErrors[0].code).toBe('INVITATION_INVALID');
      expect(p.partnership).toBeNull();
    }
    const [fab, lit] = [
      await organizationId(api.dataSource, 'Fabrikam Distribution'),
      await organizationId(api.dataSource, 'Litware Systems'),
    ];
    expect(
      await countRows(api.dataSource, 'partnership', 'provider_id = ? AND reseller_id = ?', [
        fab,
        lit,
      ]),
    ).toBe(1);
    expect(
      await countRows(api.dataSource, 'audit_record', 'operation = ? AND resource_id = ?', [
        'acceptPartnershipInvitation',
        partnershipId,
      ]),
    ).toBe(1);
  });
});

describe('R-12 provider admin access', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test("R-12 the reseller removes its provider's admin access; the partnership stays ACTIVE", async () => {
    const partnershipId = await partnershipIdOf(
      api.dataSource,
      'Contoso Distribution',
      'Trey Research IT',
    );
    const trey = await api.as(demo.trey.adminAgent);
    const data = expectOk(await trey.query(REMOVE_ADMIN_ACCESS, { input: { partnershipId } }));
    expect(data.removeProviderAdminAccess).toMatchObject({
      userErrors: [],
      partnership: { id: partnershipId, state: 'ACTIVE', providerAdminAccess: false },
    });
    const contoso = await api.as(demo.contoso.globalAdmin);
    const seen = expectOk(
      await contoso.query(
        '{ indirectResellers(state: ACTIVE) { edges { node { name } partnership { providerAdminAccess } } } }',
      ),
    );
    expect(seen.indirectResellers.edges).toContainEqual({
      node: { name: 'Trey Research IT' },
      partnership: { providerAdminAccess: false },
    });
    const log = expectOk(
      await contoso.query(
        '{ auditLog(operation: "removeProviderAdminAccess") { nodes { resourceId newValue } } }',
      ),
    );
    expect(log.auditLog.nodes).toEqual([
      expect.objectContaining({
        resourceId: partnershipId,
        newValue: expect.objectContaining({ providerAdminAccess: false, state: 'ACTIVE' }),
      }),
    ]);

    // Removing it again changes and records nothing.
    const again = await expectDbUnchanged(api.dataSource, () =>
      trey.query(REMOVE_ADMIN_ACCESS, { input: { partnershipId } }),
    );
    expect(expectOk(again).removeProviderAdminAccess.userErrors).toEqual([]);
  });

  test('R-12 refusals: the provider (FORBIDDEN), a stranger (NOT_FOUND), a pending request (INVALID_STATE), a wrong role (FORBIDDEN)', async () => {
    const contosoLitware = await partnershipIdOf(
      api.dataSource,
      'Contoso Distribution',
      'Litware Systems',
    );
    const contoso = await api.as(demo.contoso.globalAdmin);
    const provider = await expectDbUnchanged(api.dataSource, () =>
      contoso.query(REMOVE_ADMIN_ACCESS, { input: { partnershipId: contosoLitware } }),
    );
    expect(topLevelCode(provider)).toBe('FORBIDDEN');

    const trey = await api.as(demo.trey.globalAdmin);
    const stranger = await expectDbUnchanged(api.dataSource, () =>
      trey.query(REMOVE_ADMIN_ACCESS, { input: { partnershipId: contosoLitware } }),
    );
    expect(userErrorOf(stranger, 'removeProviderAdminAccess')).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.partnershipId',
    });

    const invited = await partnershipIdOf(
      api.dataSource,
      'Fabrikam Distribution',
      'Lucerne IT Services',
    );
    const lucerne = await api.as(demo.lucerne.globalAdmin);
    const pending = await expectDbUnchanged(api.dataSource, () =>
      lucerne.query(REMOVE_ADMIN_ACCESS, { input: { partnershipId: invited } }),
    );
    expect(userErrorOf(pending, 'removeProviderAdminAccess').code).toBe('INVALID_STATE');

    const billing = await api.as(demo.trey.billing);
    const contosoTrey = await partnershipIdOf(
      api.dataSource,
      'Contoso Distribution',
      'Trey Research IT',
    );
    const role = await expectDbUnchanged(api.dataSource, () =>
      billing.query(REMOVE_ADMIN_ACCESS, { input: { partnershipId: contosoTrey } }),
    );
    expect(topLevelCode(role)).toBe('FORBIDDEN');
  });
});
