import { countRows } from '../support/db-state';
import { demo } from '../support/demo';
import { emailsTo } from '../support/outbox';
import { expectOk, startTestServer, type TestServer } from '../support/test-server';

const ENROLL = `mutation($input: EnrollPartnerInput!) {
  enrollPartner(input: $input) {
    partner { name kind status mpnId tenantDomain countryCode primaryContact { email } emailVerifiedAt }
    userErrors { code field message }
  }
}`;

let serial = 0;
function enrollment(administratorEmail: string) {
  const n = ++serial;
  return {
    legalBusinessName: `Oracle Probe ${n} GmbH`,
    address: { line1: `Probestrasse ${n}`, city: 'Munich', postalCode: '80802' },
    countryCode: 'DE',
    mpnId: String(7_300_000 + n),
    tenantDomainPrefix: `oracleprobe${n}`,
    primaryContact: {
      name: 'Petra Probe',
      email: `petra${n}@oracleprobe${n}.example`,
      phone: '+49 89 555 0142',
    },
    supportContact: {
      name: 'Probe Support',
      email: `support@oracleprobe${n}.example`,
      phone: '+49 89 555 0199',
    },
    administrator: { displayName: 'Probe Admin', email: administratorEmail },
  };
}

/** What an answer says once the values the caller typed itself are taken out. */
function shape(payload: any, input: ReturnType<typeof enrollment>) {
  return JSON.parse(
    JSON.stringify(payload)
      .replaceAll(input.primaryContact.email, '<contact>')
      .replaceAll(input.legalBusinessName, '<name>')
      .replaceAll(input.mpnId, '<mpn>')
      .replaceAll(input.tenantDomainPrefix, '<tenant>'),
  );
}

describe('R-01/R-30 anonymous enrollPartner does not tell whether an email belongs to a registered user', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo', env: { RATE_LIMIT_POINTS_PER_MINUTE: '0' } });
  });
  afterAll(() => api.close());

  test('a known and an unknown administrator email get the same answer; the known address is told by email, its account unchanged', async () => {
    const known = demo.contoso.globalAdmin;
    const unknown = 'nobody-yet@oracleprobe.example';
    const [userBefore] = await api.dataSource.query(
      'SELECT organization_id, roles, status FROM app_user WHERE email = ?',
      [known],
    );
    const knownInput = enrollment(known.toUpperCase());
    const unknownInput = enrollment(unknown);
    const knownAnswer = expectOk(await api.anonymous.query(ENROLL, { input: knownInput }));
    const unknownAnswer = expectOk(await api.anonymous.query(ENROLL, { input: unknownInput }));
    expect(knownAnswer.enrollPartner.userErrors).toEqual([]);
    expect(shape(knownAnswer, knownInput)).toEqual(shape(unknownAnswer, unknownInput));

    // A retry with the same MPN ID answers alike too: both enrollments went through.
    for (const input of [knownInput, unknownInput]) {
      const again = expectOk(
        await api.anonymous.query(ENROLL, {
          input: { ...enrollment(unknown), mpnId: input.mpnId },
        }),
      );
      expect(again.enrollPartner.userErrors).toEqual([
        expect.objectContaining({ code: 'ALREADY_EXISTS', field: 'input.mpnId' }),
      ]);
    }

    // The owner of the known address learns of it; its account is not moved or changed.
    const notices = (await emailsTo(api.dataSource, known)).filter(
      (e) => e.kind === 'partner-enrollment-administrator-in-use',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0].body).toContain(knownInput.mpnId);
    expect(notices[0].body).not.toContain('Probe Admin');
    const [userAfter] = await api.dataSource.query(
      'SELECT organization_id, roles, status FROM app_user WHERE email = ?',
      [known],
    );
    expect(userAfter).toEqual(userBefore);
    expect(await countRows(api.dataSource, 'app_user', 'LOWER(email) = ?', [known])).toBe(1);
    // The unknown one became the new partner's first user, as before.
    expect(await countRows(api.dataSource, 'app_user', 'email = ?', [unknown])).toBe(1);
    expect((await emailsTo(api.dataSource, unknown)).map((e) => e.kind)).toEqual([]);
  });

  test('tenant domains stay checkable (the vendor checks them in public too)', async () => {
    const input = {
      ...enrollment('fresh-admin@oracleprobe.example'),
      tenantDomainPrefix: 'northwindtraders',
    };
    const answer = expectOk(await api.anonymous.query(ENROLL, { input }));
    expect(answer.enrollPartner.userErrors).toEqual([
      expect.objectContaining({ code: 'ALREADY_EXISTS', field: 'input.tenantDomainPrefix' }),
    ]);
  });
});
