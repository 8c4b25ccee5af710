import { DEMO_INVITATION_TOKEN } from '../../../src/entry/seed/demo-channel';
import { countRows } from '../../support/db-state';
import { demo } from '../../support/demo';
import {
  ACCEPT,
  END,
  mpnIdOf,
  organizationId,
  partnershipIdOf,
  partnerGlobalId,
  REQUEST,
  SUSPEND_PARTNER,
  tokenOf,
} from '../../support/partnerships';
import { startTestServer, type TestServer } from '../../support/test-server';
import { auditCount, outcomes, PARALLEL, race, rowId, tally } from './race';

/**
 * under concurrency: one partnership invitation, many parallel acceptances.
 * Guarded by row locks (partners, then the partnership, then the invitation, FOR UPDATE), the
 * conditional `UPDATE partnership_invitation SET used_at ... WHERE used_at IS NULL`, and the
 * unique index (provider, reseller, live_key) that allows one live partnership per pair.
 */
describe('races: partnership invitations (R-10, R-11, R-13)', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  const accept = (token: string) => ({ input: { token, consent: true } });

  /** Partnerships of a pair, live ones (not REVOKED) separately. */
  async function pairRows(provider: string, reseller: string) {
    const [p, r] = [
      await organizationId(api.dataSource, provider),
      await organizationId(api.dataSource, reseller),
    ];
    const where = 'provider_id = ? AND reseller_id = ?';
    return {
      all: await countRows(api.dataSource, 'partnership', where, [p, r]),
      live: await countRows(api.dataSource, 'partnership', `${where} AND live_key IS NOT NULL`, [
        p,
        r,
      ]),
      active: await countRows(api.dataSource, 'partnership', `${where} AND state = 'ACTIVE'`, [
        p,
        r,
      ]),
    };
  }

  test(`R-11 ${PARALLEL} parallel acceptances of one link: one ACTIVE partnership (R-13), one acceptance record (R-31), the rest INVITATION_INVALID`, async () => {
    const lucerne = await api.as(demo.lucerne.globalAdmin);
    const partnershipId = await partnershipIdOf(
      api.dataSource,
      'Fabrikam Distribution',
      'Lucerne IT Services',
    );
    const results = await race(PARALLEL, () =>
      lucerne.query(ACCEPT, accept(DEMO_INVITATION_TOKEN)),
    );
    const answers = outcomes(results, 'acceptPartnershipInvitation');

    expect(tally(answers)).toEqual({ OK: 1, INVITATION_INVALID: PARALLEL - 1 });
    const winner = answers.find((a) => a.ok)!.payload;
    expect(winner.partnership).toMatchObject({
      id: partnershipId,
      state: 'ACTIVE',
      providerAdminAccess: true,
      invitation: { status: 'USED' },
    });
    for (const loser of answers.filter((a) => !a.ok)) {
      expect(loser.payload.partnership).toBeNull();
      expect(loser.payload.userErrors).toEqual([
        { code: 'INVITATION_INVALID', field: 'input.token', message: expect.any(String) },
      ]);
    }

    expect(await pairRows('Fabrikam Distribution', 'Lucerne IT Services')).toEqual({
      all: 1,
      live: 1,
      active: 1,
    });
    expect(
      await countRows(
        api.dataSource,
        'partnership_invitation',
        'partnership_id = ? AND used_at IS NOT NULL',
        [rowId(partnershipId)],
      ),
    ).toBe(1);
    expect(await auditCount(api.dataSource, 'acceptPartnershipInvitation', partnershipId)).toBe(1);
  });

  test(`R-13 ${PARALLEL} parallel requests for one pair, then ${PARALLEL} parallel acceptances: one live partnership, one invitation, one email`, async () => {
    // Contoso and VanArsdel have only a REVOKED partnership: a new one may start.
    const contoso = await api.as(demo.contoso.globalAdmin);
    const resellerMpnId = await mpnIdOf(api.dataSource, 'VanArsdel Tech');
    const before = await pairRows('Contoso Distribution', 'VanArsdel Tech');
    expect(before).toEqual({ all: 1, live: 0, active: 0 });
    const emailsBefore = await countRows(api.dataSource, 'email_outbox');

    const requests = outcomes(
      await race(PARALLEL, () => contoso.query(REQUEST, { input: { resellerMpnId } })),
      'requestPartnership',
    );
    expect(tally(requests)).toEqual({ OK: 1, ALREADY_EXISTS: PARALLEL - 1 });
    const requested = requests.find((a) => a.ok)!.payload;
    expect(await pairRows('Contoso Distribution', 'VanArsdel Tech')).toEqual({
      all: 2,
      live: 1,
      active: 0,
    });
    expect(
      await countRows(api.dataSource, 'partnership_invitation', 'partnership_id = ?', [
        rowId(requested.partnership.id),
      ]),
    ).toBe(1);
    expect(await countRows(api.dataSource, 'email_outbox')).toBe(emailsBefore + 1);
    expect(await auditCount(api.dataSource, 'requestPartnership', requested.partnership.id)).toBe(
      1,
    );

    const vanarsdel = await api.as(demo.vanarsdel.globalAdmin);
    const token = tokenOf(requested.invitationLink);
    const accepts = outcomes(
      await race(PARALLEL, () => vanarsdel.query(ACCEPT, accept(token))),
      'acceptPartnershipInvitation',
    );
    expect(tally(accepts)).toEqual({ OK: 1, INVITATION_INVALID: PARALLEL - 1 });
    expect(await pairRows('Contoso Distribution', 'VanArsdel Tech')).toEqual({
      all: 2,
      live: 1,
      active: 1,
    });
    expect(
      await auditCount(api.dataSource, 'acceptPartnershipInvitation', requested.partnership.id),
    ).toBe(1);
  });

  test(`R-11/R-13 the reseller accepting while the provider withdraws (${PARALLEL} requests mixed): one end, at most one acceptance, REVOKED at last`, async () => {
    // A pair with no partnership on the demo channel.
    const fabrikam = await api.as(demo.fabrikam.globalAdmin);
    const resellerMpnId = await mpnIdOf(api.dataSource, 'Litware Systems');
    const requested = outcomes(
      [await fabrikam.query(REQUEST, { input: { resellerMpnId } })],
      'requestPartnership',
    );
    expect(tally(requested)).toEqual({ OK: 1 });
    const { partnership, invitationLink } = requested[0].payload;
    const litware = await api.as(demo.litware.globalAdmin);

    // Even requests accept (the reseller), odd ones end it (the provider withdraws).
    const results = await race(PARALLEL, (i) =>
      i % 2 === 0
        ? litware.query(ACCEPT, accept(tokenOf(invitationLink)))
        : fabrikam.query(END, { input: { partnershipId: partnership.id } }),
    );
    const accepts = outcomes(
      results.filter((_, i) => i % 2 === 0),
      'acceptPartnershipInvitation',
    );
    const ends = outcomes(
      results.filter((_, i) => i % 2 === 1),
      'endPartnership',
    );
    // The first end wins; every later one finds it REVOKED. An acceptance wins only before it.
    expect(tally(ends)).toEqual({ OK: 1, INVALID_STATE: PARALLEL / 2 - 1 });
    const accepted = accepts.filter((a) => a.ok).length;
    expect(accepted).toBeLessThanOrEqual(1);
    expect(tally(accepts)).toEqual(
      accepted === 1
        ? { OK: 1, INVITATION_INVALID: PARALLEL / 2 - 1 }
        : { INVITATION_INVALID: PARALLEL / 2 },
    );

    const [row] = (await api.dataSource.query(
      'SELECT state, live_key FROM partnership WHERE id = ?',
      [rowId(partnership.id)],
    )) as Array<{ state: string; live_key: number | null }>;
    expect(row).toEqual({ state: 'REVOKED', live_key: null });
    expect(await auditCount(api.dataSource, 'acceptPartnershipInvitation', partnership.id)).toBe(
      accepted,
    );
    expect(await auditCount(api.dataSource, 'endPartnership', partnership.id)).toBe(1);
  });

  test(`R-04/R-11 the reseller accepting while the vendor suspends it (${PARALLEL} requests mixed): never an ACTIVE partnership with a suspended partner`, async () => {
    // Runs after the withdrawal above: the pair may start again.
    const fabrikam = await api.as(demo.fabrikam.globalAdmin);
    const requested = outcomes(
      [
        await fabrikam.query(REQUEST, {
          input: { resellerMpnId: await mpnIdOf(api.dataSource, 'Litware Systems') },
        }),
      ],
      'requestPartnership',
    );
    expect(tally(requested)).toEqual({ OK: 1 });
    const { partnership, invitationLink } = requested[0].payload;
    const litware = await api.as(demo.litware.globalAdmin);
    const vendor = await api.as(demo.vendor);
    const partnerId = await partnerGlobalId(api.dataSource, 'Litware Systems');

    const results = await race(PARALLEL, (i) =>
      i % 2 === 0
        ? litware.query(ACCEPT, accept(tokenOf(invitationLink)))
        : vendor.query(SUSPEND_PARTNER, { input: { partnerId } }),
    );
    const accepts = outcomes(
      results.filter((_, i) => i % 2 === 0),
      'acceptPartnershipInvitation',
    );
    const suspensions = outcomes(
      results.filter((_, i) => i % 2 === 1),
      'suspendPartner',
    );
    expect(tally(suspensions)).toEqual({ OK: 1, INVALID_STATE: PARALLEL / 2 - 1 });
    // An acceptance after the suspension meets R-04 (the reseller may not transact).
    const accepted = accepts.filter((a) => a.ok).length;
    expect(accepted).toBeLessThanOrEqual(1);
    for (const a of accepts.filter((a) => !a.ok)) {
      expect(['INVITATION_INVALID', 'PARTNER_NOT_ACTIVE']).toContain(a.code);
    }

    const litwareId = await organizationId(api.dataSource, 'Litware Systems');
    expect(
      await countRows(
        api.dataSource,
        'partnership',
        "(reseller_id = ? OR provider_id = ?) AND state = 'ACTIVE'",
        [litwareId, litwareId],
      ),
    ).toBe(0);
    const [row] = (await api.dataSource.query('SELECT state FROM partnership WHERE id = ?', [
      rowId(partnership.id),
    ])) as Array<{ state: string }>;
    // Accepted before the suspension: suspended with it; otherwise still waiting.
    expect(row.state).toBe(accepted ? 'SUSPENDED' : 'INVITED');
  });
});
