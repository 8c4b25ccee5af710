import { addCustomer, customerInput } from '../../support/customers';
import { countRows } from '../../support/db-state';
import { demo } from '../../support/demo';
import { startTestServer, type TestServer } from '../../support/test-server';
import { outcomes, PARALLEL, race, tally } from './race';

const ENROLL = `mutation($input: EnrollPartnerInput!) {
  enrollPartner(input: $input) { partner { id mpnId tenantDomain } userErrors { code field message } }
}`;

/** A valid enrollment of company `n`; every unique field differs from another n's. */
function enrollment(n: number, overrides: Record<string, unknown> = {}) {
  return {
    legalBusinessName: `Racebridge Systems ${n} GmbH`,
    address: { line1: `Leopoldstrasse ${n}`, city: 'Munich', postalCode: '80802' },
    countryCode: 'DE',
    mpnId: String(7_900_000 + n),
    tenantDomainPrefix: `racebridge${n}`,
    primaryContact: {
      name: 'Nora Brandt',
      email: `nora@racebridge${n}.example`,
      phone: '+49 89 555 0142',
    },
    supportContact: {
      name: 'Racebridge Support',
      email: `support@racebridge${n}.example`,
      phone: '+49 89 555 0199',
    },
    administrator: { displayName: 'Nils Admin', email: `admin@racebridge${n}.example` },
    ...overrides,
  };
}

/**
 * under concurrency: the unique indexes on organization.mpn_id and
 * organization.tenant_domain (partners and customers share the table) decide; a loser's rerun
 * (runMutation) meets the winner's row and answers with the rule's own code.
 */
describe('races: enrollment (R-01, R-18)', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test(`R-01 ${PARALLEL} enrollments with one MPN ID at once: one partner, the others ALREADY_EXISTS on input.mpnId`, async () => {
    const mpnId = '7899999';
    const answers = outcomes(
      await race(PARALLEL, (i) =>
        api.anonymous.query(ENROLL, { input: enrollment(100 + i, { mpnId }) }),
      ),
      'enrollPartner',
    );
    expect(tally(answers)).toEqual({ OK: 1, ALREADY_EXISTS: PARALLEL - 1 });
    for (const loser of answers.filter((a) => !a.ok)) {
      expect(loser.payload.partner).toBeNull();
      expect(loser.payload.userErrors[0].field).toBe('input.mpnId');
    }
    expect(await countRows(api.dataSource, 'organization', 'mpn_id = ?', [mpnId])).toBe(1);
    // Nothing of the losers: one administrator, one verification email.
    expect(
      await countRows(api.dataSource, 'app_user', "email LIKE 'admin@racebridge1__.example'"),
    ).toBe(1);
    expect(
      await countRows(
        api.dataSource,
        'email_outbox',
        "recipient LIKE 'nora@racebridge1__.example'",
      ),
    ).toBe(1);
  });

  test(`R-18 partners enrolling and a customer being added with one tenant domain (${PARALLEL} requests): one organization holds it`, async () => {
    const contoso = await api.as(demo.contoso.sales);
    const prefix = 'racetenant';
    const results = await race(PARALLEL, (i) =>
      i % 2
        ? api.anonymous.query(ENROLL, {
            input: enrollment(200 + i, { tenantDomainPrefix: prefix }),
          })
        : addCustomer(contoso, customerInput(prefix, { companyName: `Race Tenant ${i}` })),
    );
    const enrolled = outcomes(
      results.filter((_, i) => i % 2),
      'enrollPartner',
    );
    const added = outcomes(
      results.filter((_, i) => i % 2 === 0),
      'addCustomer',
    );
    expect([...enrolled, ...added].filter((a) => a.ok)).toHaveLength(1);
    const partnerWon = enrolled.some((a) => a.ok);
    // Against a partner's tenant a customer add is R-18's refusal; otherwise the domain is taken.
    for (const a of added.filter((a) => !a.ok)) {
      expect(a.code).toBe(partnerWon ? 'PARTNER_CANNOT_BE_CUSTOMER' : 'ALREADY_EXISTS');
    }
    for (const a of enrolled.filter((a) => !a.ok)) expect(a.code).toBe('ALREADY_EXISTS');
    const [row] = (await api.dataSource.query(
      'SELECT type FROM organization WHERE tenant_domain = ?',
      [`${prefix}.onmicrosoft.com`],
    )) as Array<{ type: string }>;
    expect(row.type).toBe(partnerWon ? 'PARTNER' : 'CUSTOMER');
    expect(
      await countRows(api.dataSource, 'organization', 'tenant_domain = ?', [
        `${prefix}.onmicrosoft.com`,
      ]),
    ).toBe(1);
  });
});
