import { createHash } from 'node:crypto';
import { PartnerKind } from '../../src/partners/partner-kind';
import { regionCatalog } from '../../src/regions/region-catalog';
import { countRows, expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import {
  ACCEPT,
  END,
  expireInvitations,
  mpnIdOf,
  partnershipIdOf,
  REQUEST,
  requestOk,
  topLevelCode,
  userErrorOf,
} from '../support/partnerships';
import { expectOk, startTestServer, type TestServer } from '../support/test-server';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('R-10 requestPartnership', () => {
  let api: TestServer;
  beforeAll(
    async () =>
      (api = await startTestServer({
        seed: 'demo',
        env: { PUBLIC_URL: 'https://partners.example' },
      })),
  );
  afterAll(() => api.close());

  test('R-10 a provider admin agent requests a partnership: INVITED, emailed link, audit for both', async () => {
    const contoso = await api.as(demo.contoso.adminAgent);
    const mpn = await mpnIdOf(api.dataSource, 'Southridge Solutions');
    const started = Date.now();
    const result = await requestOk(contoso, {
      resellerMpnId: mpn,
      message: 'Hello Southridge, let us serve your customers together.',
    });

    expect(result.partnership).toMatchObject({
      state: 'INVITED',
      providerAdminAccess: false,
      acceptedAt: null,
      provider: { name: 'Contoso Distribution' },
      reseller: { name: 'Southridge Solutions' },
    });
    expect(result.invitation).toMatchObject({
      // Sent to the reseller's primary contact (the outbox below), which R-30 keeps from the
      // provider until the partnership is ACTIVE.
      recipientEmail: null,
      message: 'Hello Southridge, let us serve your customers together.',
      usedAt: null,
      status: 'PENDING',
    });
    const days = (Date.parse(result.invitation.expiresAt) - started) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);
    expect(result.invitationLink).toBe(
      `https://partners.example/partnerships/accept?token=${result.token}`,
    );
    expect(result.token.length).toBeGreaterThanOrEqual(43);

    // Only the token's hash is stored; the email carries the message, then the link.
    const [stored] = await api.dataSource.query(
      'SELECT * FROM partnership_invitation ORDER BY id DESC LIMIT 1',
    );
    expect(stored.token_hash).toBe(sha256(result.token));
    expect(JSON.stringify(stored)).not.toContain(result.token);
    const [email] = await api.dataSource.query(
      'SELECT * FROM email_outbox ORDER BY id DESC LIMIT 1',
    );
    expect(email).toMatchObject({
      kind: 'PARTNERSHIP_INVITATION',
      recipient: 'partner.contact@southridgesolutions.example',
      subject: 'Contoso Distribution requests a partnership with Southridge Solutions',
    });
    expect(email.body.startsWith('Hello Southridge, let us serve your customers together.')).toBe(
      true,
    );
    expect(email.body.trimEnd().endsWith(result.invitationLink)).toBe(true);

    // both organizations read the record; a third one does not.
    const query = `{ auditLog(operation: "requestPartnership") { nodes { resourceId actor { email } newValue } } }`;
    for (const email of [demo.contoso.globalAdmin, demo.southridge.globalAdmin]) {
      const log = expectOk(await (await api.as(email)).query(query));
      expect(log.auditLog.nodes).toEqual([
        expect.objectContaining({
          resourceId: result.partnership.id,
          newValue: expect.objectContaining({
            state: 'INVITED',
            invitationId: result.invitation.id,
          }),
        }),
      ]);
      expect(JSON.stringify(log)).not.toContain(result.token);
    }
    const trey = await api.as(demo.trey.globalAdmin);
    expect(expectOk(await trey.query(query)).auditLog.nodes).toEqual([]);
  });

  test('R-10 the reseller sees the pending request; partners outside it do not (R-30)', async () => {
    const query = `{ partnershipInvitations(status: PENDING) { totalCount nodes { status recipientEmail
      partnership { state provider { name } reseller { name } } } } }`;
    const southridge = expectOk(await (await api.as(demo.southridge.globalAdmin)).query(query));
    expect(southridge.partnershipInvitations.nodes).toEqual([
      expect.objectContaining({
        status: 'PENDING',
        partnership: {
          state: 'INVITED',
          provider: { name: 'Contoso Distribution' },
          reseller: { name: 'Southridge Solutions' },
        },
      }),
    ]);
    const lucerne = expectOk(await (await api.as(demo.lucerne.globalAdmin)).query(query));
    expect(lucerne.partnershipInvitations.nodes).toEqual([
      expect.objectContaining({
        partnership: expect.objectContaining({ provider: { name: 'Fabrikam Distribution' } }),
      }),
    ]);
    const litware = expectOk(await (await api.as(demo.litware.globalAdmin)).query(query));
    expect(litware.partnershipInvitations.totalCount).toBe(0);
    const vendor = expectOk(await (await api.as(demo.vendor)).query(query));
    expect(vendor.partnershipInvitations.totalCount).toBe(2);
    const used = expectOk(
      await (
        await api.as(demo.trey.globalAdmin)
      ).query('{ partnershipInvitations(status: USED) { nodes { status } } }'),
    );
    expect(used.partnershipInvitations.nodes).toEqual([{ status: 'USED' }, { status: 'USED' }]);
  });

  test('R-10 only a GLOBAL_ADMIN/ADMIN_AGENT of an indirect provider may request: FORBIDDEN, nothing changes', async () => {
    const input = { resellerMpnId: await mpnIdOf(api.dataSource, 'Lucerne IT Services') };
    for (const email of [
      demo.trey.globalAdmin, // a reseller
      demo.adatum.globalAdmin, // a direct-bill partner
      demo.contoso.sales, // a provider's sales agent
      demo.contoso.helpdesk,
      demo.customers.northwind,
      demo.vendor,
    ]) {
      const client = await api.as(email);
      const result = await expectDbUnchanged(api.dataSource, () =>
        client.query(REQUEST, { input }),
      );
      expect(topLevelCode(result)).toBe('FORBIDDEN');
      expect(result.data?.requestPartnership ?? null).toBeNull();
    }
    const anonymous = await expectDbUnchanged(api.dataSource, () =>
      api.anonymous.query(REQUEST, { input }),
    );
    expect(topLevelCode(anonymous)).toBe('UNAUTHENTICATED');
  });

  test('R-10 malformed input is BAD_USER_INPUT naming the field, before anything is written', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const mpn = await mpnIdOf(api.dataSource, 'Southridge Solutions');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ resellerMpnId: 'ABC123' }, 'input.resellerMpnId'],
      [{ resellerMpnId: '12' }, 'input.resellerMpnId'],
      [{ resellerMpnId: mpn, recipientEmail: 'not-an-email' }, 'input.recipientEmail'],
      [{ resellerMpnId: mpn, message: 'x'.repeat(2001) }, 'input.message'],
      [{ resellerMpnId: mpn, message: '   ' }, 'input.message'],
    ];
    for (const [input, field] of cases) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        contoso.query(REQUEST, { input }),
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  test('R-04 a provider that cannot transact cannot request (PARTNER_NOT_ACTIVE, AGREEMENT_NOT_ACCEPTED)', async () => {
    const mpn = await mpnIdOf(api.dataSource, 'Trey Research IT');
    const fabrikam = await api.as(demo.fabrikam.globalAdmin);
    await api.dataSource.query(
      "UPDATE organization SET agreement_accepted_at = NULL WHERE name = 'Fabrikam Distribution'",
    );
    const noAgreement = await expectDbUnchanged(api.dataSource, () =>
      fabrikam.query(REQUEST, { input: { resellerMpnId: mpn } }),
    );
    expect(userErrorOf(noAgreement, 'requestPartnership').code).toBe('AGREEMENT_NOT_ACCEPTED');
    await api.dataSource.query(
      "UPDATE organization SET agreement_accepted_at = '2026-01-01 00:00:00.000', status = 'SUSPENDED' WHERE name = 'Fabrikam Distribution'",
    );
    const suspended = await expectDbUnchanged(api.dataSource, () =>
      fabrikam.query(REQUEST, { input: { resellerMpnId: mpn } }),
    );
    expect(userErrorOf(suspended, 'requestPartnership').code).toBe('PARTNER_NOT_ACTIVE');
    await api.dataSource.query(
      "UPDATE organization SET status = 'ACTIVE' WHERE name = 'Fabrikam Distribution'",
    );
  });
});

describe('R-14 the invitee must be an enrolled, active indirect reseller', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test('R-14 unknown, pending-review, provider and direct-bill partner IDs get one indistinguishable NOT_AN_INDIRECT_RESELLER', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const ids = [
      '9999999', // nobody
      await mpnIdOf(api.dataSource, 'Relecloud Partners'), // enrollment pending review
      await mpnIdOf(api.dataSource, 'Fabrikam Distribution'), // a provider
      await mpnIdOf(api.dataSource, 'Adatum Cloud Services'), // direct bill
      await mpnIdOf(api.dataSource, 'Contoso Distribution'), // itself
    ];
    const errors = [];
    for (const resellerMpnId of ids) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        contoso.query(REQUEST, { input: { resellerMpnId } }),
      );
      expect(result.data.requestPartnership).toMatchObject({
        partnership: null,
        invitation: null,
        invitationLink: null,
      });
      errors.push(userErrorOf(result, 'requestPartnership'));
    }
    expect(errors[0]).toEqual({
      code: 'NOT_AN_INDIRECT_RESELLER',
      field: 'input.resellerMpnId',
      message: expect.any(String),
    });
    for (const error of errors) expect(error).toEqual(errors[0]);
  });

  test('R-14 a suspended reseller cannot be invited; the same reseller, active, can', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const mpn = await mpnIdOf(api.dataSource, 'Southridge Solutions');
    await api.dataSource.query(
      "UPDATE organization SET status = 'SUSPENDED' WHERE name = 'Southridge Solutions'",
    );
    const refused = await expectDbUnchanged(api.dataSource, () =>
      contoso.query(REQUEST, { input: { resellerMpnId: mpn } }),
    );
    expect(userErrorOf(refused, 'requestPartnership').code).toBe('NOT_AN_INDIRECT_RESELLER');
    await api.dataSource.query(
      "UPDATE organization SET status = 'ACTIVE' WHERE name = 'Southridge Solutions'",
    );
    await requestOk(contoso, { resellerMpnId: mpn });
  });
});

describe('R-07 and R-08 CSP regions', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test('R-08 a provider not authorized in the reseller region is refused with REGION_MISMATCH', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin); // NORTH_AMERICA, LATIN_AMERICA
    const fabrikam = await api.as(demo.fabrikam.globalAdmin); // EUROPE, NORTH_AMERICA
    const proseware = await mpnIdOf(api.dataSource, 'Proseware Consulting'); // FR: EUROPE
    const vanarsdel = await mpnIdOf(api.dataSource, 'VanArsdel Tech'); // MX: LATIN_AMERICA
    for (const [client, resellerMpnId] of [
      [contoso, proseware],
      [fabrikam, vanarsdel],
    ] as const) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        client.query(REQUEST, { input: { resellerMpnId } }),
      );
      expect(userErrorOf(result, 'requestPartnership')).toMatchObject({
        code: 'REGION_MISMATCH',
        field: 'input.resellerMpnId',
      });
    }
    // Allowed: Contoso is authorized in Latin America.
    const ok = await requestOk(contoso, { resellerMpnId: vanarsdel });
    expect(ok.partnership.reseller.name).toBe('VanArsdel Tech');
  });

  test('R-07 the legal country decides the region, from shipped data: moving VanArsdel to Canada lets Fabrikam (North America) partner with it', async () => {
    expect(regionCatalog.regionOfCountry('MX')?.code).toBe('LATIN_AMERICA');
    expect(regionCatalog.regionOfCountry('CA')?.code).toBe('NORTH_AMERICA');
    const vendor = await api.as(demo.vendor);
    const regionOf = async () =>
      expectOk(
        await vendor.query(
          `{ partners(search: "VanArsdel") { nodes { kind country { code regionCode } cspRegion { code } } } }`,
        ),
      ).partners.nodes[0];
    expect(await regionOf()).toEqual({
      kind: PartnerKind.INDIRECT_RESELLER,
      country: { code: 'MX', regionCode: 'LATIN_AMERICA' },
      cspRegion: { code: 'LATIN_AMERICA' },
    });
    const fabrikam = await api.as(demo.fabrikam.globalAdmin);
    const resellerMpnId = await mpnIdOf(api.dataSource, 'VanArsdel Tech');
    const refused = await expectDbUnchanged(api.dataSource, () =>
      fabrikam.query(REQUEST, { input: { resellerMpnId } }),
    );
    expect(userErrorOf(refused, 'requestPartnership').code).toBe('REGION_MISMATCH');

    await api.dataSource.query(
      "UPDATE organization SET country_code = 'CA' WHERE name = 'VanArsdel Tech'",
    );
    expect(await regionOf()).toMatchObject({ cspRegion: { code: 'NORTH_AMERICA' } });
    const ok = await requestOk(fabrikam, { resellerMpnId });
    expect(ok.partnership.provider.name).toBe('Fabrikam Distribution');
  });
});

describe('R-13 one live partnership per pair; either side ends it', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test('R-13 a second request for a pair with an ACTIVE partnership or a pending request is ALREADY_EXISTS', async () => {
    const fabrikam = await api.as(demo.fabrikam.globalAdmin);
    for (const name of ['Trey Research IT', 'Lucerne IT Services']) {
      const resellerMpnId = await mpnIdOf(api.dataSource, name);
      const result = await expectDbUnchanged(api.dataSource, () =>
        fabrikam.query(REQUEST, { input: { resellerMpnId } }),
      );
      expect(userErrorOf(result, 'requestPartnership')).toMatchObject({
        code: 'ALREADY_EXISTS',
        field: 'input.resellerMpnId',
      });
    }
  });

  test('R-13 an expired request is replaced by a new one: same partnership, new link, the old link is dead', async () => {
    const fabrikam = await api.as(demo.fabrikam.globalAdmin);
    const partnershipId = await partnershipIdOf(
      api.dataSource,
      'Fabrikam Distribution',
      'Lucerne IT Services',
    );
    await expireInvitations(api.dataSource, partnershipId);
    const renewed = await requestOk(fabrikam, {
      resellerMpnId: await mpnIdOf(api.dataSource, 'Lucerne IT Services'),
    });
    expect(renewed.partnership).toMatchObject({ id: partnershipId, state: 'INVITED' });
    expect(
      await countRows(api.dataSource, 'partnership_invitation', 'partnership_id = ?', [
        Number(Buffer.from(partnershipId, 'base64url').toString().split(':')[1]),
      ]),
    ).toBe(2);

    const lucerne = await api.as(demo.lucerne.globalAdmin);
    const old = await expectDbUnchanged(api.dataSource, () =>
      lucerne.query(ACCEPT, {
        input: { token: 'demo-fabrikam-invites-lucerne', consent: true },
      }),
    );
    expect(userErrorOf(old, 'acceptPartnershipInvitation').code).toBe('INVITATION_INVALID');
    const accepted = expectOk(
      await lucerne.query(ACCEPT, { input: { token: renewed.token, consent: true } }),
    );
    expect(accepted.acceptPartnershipInvitation.partnership.state).toBe('ACTIVE');
  });

  test('R-13 parallel requests for one pair create exactly one partnership', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const resellerMpnId = await mpnIdOf(api.dataSource, 'Southridge Solutions');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => contoso.query(REQUEST, { input: { resellerMpnId } })),
    );
    const payloads = results.map((r) => expectOk(r).requestPartnership);
    expect(payloads.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
    for (const p of payloads.filter((p) => p.userErrors.length > 0))
      expect(p.userErrors[0].code).toBe('ALREADY_EXISTS');
    const southridge = await api.dataSource.query(
      "SELECT id FROM organization WHERE name = 'Southridge Solutions'",
    );
    expect(
      await countRows(api.dataSource, 'partnership', 'reseller_id = ?', [southridge[0].id]),
    ).toBe(1);
    expect(
      await countRows(api.dataSource, 'email_outbox', 'recipient = ?', [
        'partner.contact@southridgesolutions.example',
      ]),
    ).toBe(1);
  });

  test('R-13 either side ends an ACTIVE partnership: REVOKED, subscriptions untouched, the pair may partner again', async () => {
    const subscriptionRows = () =>
      api.dataSource.query('SELECT * FROM subscription ORDER BY id') as Promise<unknown[]>;
    const before = await subscriptionRows();

    // The reseller ends its partnership with Fabrikam (Wingtip's subscription names Trey).
    const trey = await api.as(demo.trey.adminAgent);
    const fabrikamTrey = await partnershipIdOf(
      api.dataSource,
      'Fabrikam Distribution',
      'Trey Research IT',
    );
    const ended = expectOk(await trey.query(END, { input: { partnershipId: fabrikamTrey } }));
    expect(ended.endPartnership.userErrors).toEqual([]);
    expect(ended.endPartnership.partnership).toMatchObject({
      state: 'REVOKED',
      providerAdminAccess: false,
      endedBy: { name: 'Trey Research IT' },
    });
    expect(ended.endPartnership.partnership.endedAt).not.toBeNull();

    // The provider ends its partnership with Litware (Tailspin's subscriptions name Litware).
    const contoso = await api.as(demo.contoso.globalAdmin);
    const contosoLitware = await partnershipIdOf(
      api.dataSource,
      'Contoso Distribution',
      'Litware Systems',
    );
    const ended2 = expectOk(await contoso.query(END, { input: { partnershipId: contosoLitware } }));
    expect(ended2.endPartnership.partnership).toMatchObject({
      state: 'REVOKED',
      endedBy: { name: 'Contoso Distribution' },
    });

    expect(await subscriptionRows()).toEqual(before);

    const providers = expectOk(
      await trey.query(`{ indirectProviders(state: ACTIVE) { nodes { name } } }`),
    );
    expect(providers.indirectProviders.nodes).toEqual([{ name: 'Contoso Distribution' }]);
    const fabrikam = await api.as(demo.fabrikam.globalAdmin);
    const resellers = expectOk(
      await fabrikam.query(`{ indirectResellers(state: REVOKED) { nodes { name } } }`),
    );
    expect(resellers.indirectResellers.nodes).toEqual([{ name: 'Trey Research IT' }]);

    // the counterpart reads the record.
    const log = expectOk(
      await fabrikam.query(
        `{ auditLog(operation: "endPartnership") { nodes { resourceId actorOrganization { name } oldValue newValue } } }`,
      ),
    );
    expect(log.auditLog.nodes).toEqual([
      expect.objectContaining({
        resourceId: fabrikamTrey,
        actorOrganization: { name: 'Trey Research IT' },
        oldValue: expect.objectContaining({ state: 'ACTIVE' }),
        newValue: expect.objectContaining({ state: 'REVOKED' }),
      }),
    ]);

    // The pair may start again: a new partnership beside the revoked one.
    const again = await requestOk(fabrikam, {
      resellerMpnId: await mpnIdOf(api.dataSource, 'Trey Research IT'),
    });
    expect(again.partnership.id).not.toBe(fabrikamTrey);
  });

  test('R-13 a provider withdraws a pending request: the link stops working', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const request = await requestOk(contoso, {
      resellerMpnId: await mpnIdOf(api.dataSource, 'VanArsdel Tech'),
    });
    const withdrawn = expectOk(
      await contoso.query(END, { input: { partnershipId: request.partnership.id } }),
    );
    expect(withdrawn.endPartnership.partnership).toMatchObject({
      state: 'REVOKED',
      invitation: { status: 'WITHDRAWN' },
    });
    const vanarsdel = await api.as(demo.vanarsdel.globalAdmin);
    const refused = await expectDbUnchanged(api.dataSource, () =>
      vanarsdel.query(ACCEPT, { input: { token: request.token, consent: true } }),
    );
    expect(userErrorOf(refused, 'acceptPartnershipInvitation').code).toBe('INVITATION_INVALID');
  });

  test('R-13 ending is refused for a REVOKED partnership (INVALID_STATE), a stranger (NOT_FOUND), a wrong role (FORBIDDEN) and a malformed ID (BAD_USER_INPUT)', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const revoked = await partnershipIdOf(api.dataSource, 'Contoso Distribution', 'VanArsdel Tech');
    const invalid = await expectDbUnchanged(api.dataSource, () =>
      contoso.query(END, { input: { partnershipId: revoked } }),
    );
    expect(userErrorOf(invalid, 'endPartnership').code).toBe('INVALID_STATE');

    const contosoTrey = await partnershipIdOf(
      api.dataSource,
      'Contoso Distribution',
      'Trey Research IT',
    );
    const proseware = await api.as(demo.proseware.globalAdmin);
    const stranger = await expectDbUnchanged(api.dataSource, () =>
      proseware.query(END, { input: { partnershipId: contosoTrey } }),
    );
    expect(userErrorOf(stranger, 'endPartnership')).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.partnershipId',
    });
    const unknown = await expectDbUnchanged(api.dataSource, () =>
      proseware.query(END, {
        input: { partnershipId: Buffer.from('Partnership:99999').toString('base64url') },
      }),
    );
    expect(userErrorOf(unknown, 'endPartnership')).toEqual(userErrorOf(stranger, 'endPartnership'));

    const sales = await api.as(demo.trey.sales);
    const forbidden = await expectDbUnchanged(api.dataSource, () =>
      sales.query(END, { input: { partnershipId: contosoTrey } }),
    );
    expect(topLevelCode(forbidden)).toBe('FORBIDDEN');

    for (const partnershipId of [
      'nonsense',
      Buffer.from('Partner:1').toString('base64url'), // an ID of another type
    ]) {
      const malformed = await expectDbUnchanged(api.dataSource, () =>
        contoso.query(END, { input: { partnershipId } }),
      );
      expect(malformed.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.partnershipId',
      });
    }
  });
});
