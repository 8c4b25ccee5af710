import { countRows } from '../../support/db-state';
import { demo } from '../../support/demo';
import { organizationId } from '../../support/partnerships';
import { startTestServer, type GqlClient, type TestServer } from '../../support/test-server';
import { auditCount, outcomes, PARALLEL, race, tally } from './race';

const USER_FIELDS = 'user { id email status roles } userErrors { code field message }';
const CREATE = `mutation($input: CreatePartnerUserInput!) { createPartnerUser(input: $input) { ${USER_FIELDS} } }`;
const DISABLE = `mutation($input: DisablePartnerUserInput!) { disablePartnerUser(input: $input) { ${USER_FIELDS} } }`;

/**
 * R-05 under concurrency. One sign-in email per user: the unique index on app_user.email (a
 * concurrent insert loses and its rerun finds the user: ALREADY_EXISTS). At least one active
 * GLOBAL_ADMIN per partner: user management locks the partner's organization row first, so
 * concurrent changes of one partner's users run one after the other.
 */
describe('races: partner users (R-05)', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test(`R-05 ${PARALLEL} parallel createPartnerUser with one email by two partners: one user, the rest ALREADY_EXISTS`, async () => {
    const [trey, contoso] = [
      await api.as(demo.trey.globalAdmin),
      await api.as(demo.contoso.globalAdmin),
    ];
    const email = 'race.colleague@shared.example';
    const answers = outcomes(
      await race(PARALLEL, (i) =>
        (i % 2 ? trey : contoso).query(CREATE, {
          input: { email, displayName: `Racer ${i}`, roles: ['SALES_AGENT'] },
        }),
      ),
      'createPartnerUser',
    );
    expect(tally(answers)).toEqual({ OK: 1, ALREADY_EXISTS: PARALLEL - 1 });
    for (const loser of answers.filter((a) => !a.ok)) {
      expect(loser.payload.user).toBeNull();
      expect(loser.payload.userErrors[0].field).toBe('input.email');
    }
    expect(await countRows(api.dataSource, 'app_user', 'email = ?', [email])).toBe(1);
    const winner = answers.find((a) => a.ok)!.payload.user;
    expect(await auditCount(api.dataSource, 'createPartnerUser', winner.id)).toBe(1);
  });

  test(`R-05 ten global admins disabling each other in a ring (${PARALLEL} requests): the partner keeps an active GLOBAL_ADMIN`, async () => {
    const lia = await api.as(demo.litware.globalAdmin);
    const admins: Array<{ id: string; client: GqlClient }> = [];
    const [me] = (await api.dataSource.query('SELECT id FROM app_user WHERE email = ?', [
      demo.litware.globalAdmin,
    ])) as Array<{ id: number }>;
    admins.push({ id: Buffer.from(`User:${me.id}`).toString('base64url'), client: lia });
    for (let i = 1; i < 10; i++) {
      const email = `ring${i}@litwaresystems.example`;
      const [created] = outcomes(
        [
          await lia.query(CREATE, {
            input: { email, displayName: `Ring ${i}`, roles: ['GLOBAL_ADMIN'] },
          }),
        ],
        'createPartnerUser',
      );
      expect(created.ok).toBe(true);
      admins.push({ id: created.payload.user.id, client: await api.as(email) });
    }

    // A disabled admin's token stops working for writes at once: UNAUTHENTICATED (sign in again).
    const answers = outcomes(
      await race(PARALLEL, (i) =>
        admins[i % 10].client.query(DISABLE, { input: { userId: admins[(i + 1) % 10].id } }),
      ),
      'disablePartnerUser',
      ['UNAUTHENTICATED'],
    );
    for (const a of answers) expect(['OK', 'INVALID_STATE', 'UNAUTHENTICATED']).toContain(a.code);

    const litware = await organizationId(api.dataSource, 'Litware Systems');
    const activeAdmins = await countRows(
      api.dataSource,
      'app_user',
      "organization_id = ? AND status = 'ACTIVE' AND roles LIKE '%GLOBAL_ADMIN%'",
      [litware],
    );
    expect(activeAdmins).toBeGreaterThanOrEqual(1);
    // Each disabled admin was disabled once, with one audit record; repeats recorded nothing.
    const disabled = await countRows(
      api.dataSource,
      'app_user',
      "organization_id = ? AND status = 'DISABLED' AND roles LIKE '%GLOBAL_ADMIN%'",
      [litware],
    );
    expect(disabled + activeAdmins).toBe(10);
    expect(disabled).toBeGreaterThanOrEqual(1);
    let records = 0;
    for (const admin of admins)
      records += await auditCount(api.dataSource, 'disablePartnerUser', admin.id);
    expect(records).toBe(disabled);
  });
});
