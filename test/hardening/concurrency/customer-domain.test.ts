import { randomUUID } from 'node:crypto';
import { addCustomer, customerInput, orgId } from '../../support/customers';
import { countRows } from '../../support/db-state';
import { demo } from '../../support/demo';
import { Ids } from '../../support/subscriptions';
import { startTestServer, type GqlClient, type TestServer } from '../../support/test-server';
import { outcomes, PARALLEL, race, tally } from './race';

/**
 * under concurrency: several partners adding a customer with the same tenant domain
 * at once. Guarded by the unique index on organization.tenant_domain: the losers' inserts wait
 * for the winner's commit, fail, and their rerun (runMutation) finds the domain taken and answers
 * ALREADY_EXISTS. Everything a loser wrote before (nothing, or its half of R-16's
 * all-or-nothing add) is rolled back with it.
 */
describe('races: addCustomer with one tenant domain (R-15, R-16, R-17)', () => {
  let api: TestServer;
  let partners: GqlClient[];
  let trey: string;
  let basic: string;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    // Three transacting partners, two users each: two providers and a direct-bill partner.
    partners = await Promise.all(
      [
        demo.contoso.sales,
        demo.adatum.sales,
        demo.fabrikam.adminAgent,
        demo.contoso.globalAdmin,
        demo.adatum.globalAdmin,
        demo.fabrikam.globalAdmin,
      ].map((email) => api.as(email)),
    );
    trey = await orgId(api.dataSource, 'Trey Research IT');
    basic = await new Ids(api.dataSource).offer('MS-365-BB-M');
  });
  afterAll(() => api.close());

  async function rowsFor(prefix: string) {
    const domain = `${prefix.toLowerCase()}.onmicrosoft.com`;
    const [customer] = (await api.dataSource.query(
      'SELECT id FROM organization WHERE tenant_domain = ?',
      [domain],
    )) as Array<{ id: number }>;
    const id = customer ? Number(customer.id) : -1;
    return {
      customers: await countRows(api.dataSource, 'organization', 'tenant_domain = ?', [domain]),
      admins: await countRows(api.dataSource, 'app_user', 'email = ?', [`admin@${domain}`]),
      relationships: await countRows(api.dataSource, 'customer_relationship', 'customer_id = ?', [
        id,
      ]),
      subscriptions: await countRows(api.dataSource, 'subscription', 'customer_id = ?', [id]),
    };
  }

  /** Every loser is refused on the domain, with nothing returned. */
  function expectLosersRefused(answers: ReturnType<typeof outcomes>) {
    for (const loser of answers.filter((a) => !a.ok)) {
      expect(loser.payload).toMatchObject({ customer: null, adminCredentials: null });
      expect(loser.payload.userErrors).toEqual([
        expect.objectContaining({ code: 'ALREADY_EXISTS', field: 'input.tenantDomainPrefix' }),
      ]);
    }
  }

  test(`R-15 ${PARALLEL} adds of one tenant domain by three partners at once: one customer, the others ALREADY_EXISTS`, async () => {
    const before = {
      customers: await countRows(api.dataSource, 'organization'),
      audit: await countRows(api.dataSource, 'audit_record', 'operation = ?', ['addCustomer']),
    };
    const answers = outcomes(
      await race(PARALLEL, (i) =>
        addCustomer(
          partners[i % partners.length],
          customerInput('RaceDomain', { companyName: `Race Domain ${i}` }),
        ),
      ),
      'addCustomer',
    );

    expect(tally(answers)).toEqual({ OK: 1, ALREADY_EXISTS: PARALLEL - 1 });
    const winner = answers.find((a) => a.ok)!.payload;
    expect(winner.customer.tenantDomain).toBe('racedomain.onmicrosoft.com');
    expect(winner.adminCredentials.userName).toBe('admin@racedomain.onmicrosoft.com');
    expectLosersRefused(answers);

    expect(await rowsFor('RaceDomain')).toEqual({
      customers: 1,
      admins: 1,
      relationships: 1,
      subscriptions: 0,
    });
    expect(await countRows(api.dataSource, 'organization')).toBe(before.customers + 1);
    // the winner's Customer and admin User records, nothing from the losers.
    expect(await countRows(api.dataSource, 'audit_record', 'operation = ?', ['addCustomer'])).toBe(
      before.audit + 3,
    );
  });

  test(`R-16 ${PARALLEL} adds of one domain with a designated reseller and first subscriptions: the losers leave nothing behind`, async () => {
    const ordersBefore = await countRows(api.dataSource, 'csp_order');
    const subscriptionsBefore = await countRows(api.dataSource, 'subscription');
    // Contoso's users designate Trey and order; Adatum's add the customer bare.
    const answers = outcomes(
      await race(PARALLEL, (i) => {
        const contoso = i % 3 === 0;
        return addCustomer(
          partners[contoso ? 0 : 1],
          customerInput('RaceBundle', {
            companyName: `Race Bundle ${i}`,
            ...(contoso
              ? {
                  indirectResellerId: trey,
                  subscriptions: [
                    { offerId: basic, quantity: 2 + (i % 7), partnerOfRecordId: trey },
                  ],
                }
              : {}),
          }),
        );
      }),
      'addCustomer',
    );

    expect(tally(answers)).toEqual({ OK: 1, ALREADY_EXISTS: PARALLEL - 1 });
    expectLosersRefused(answers);
    const winner = answers.find((a) => a.ok)!.payload;
    const bundled = winner.subscriptions.length === 1;
    expect(await rowsFor('RaceBundle')).toEqual({
      customers: 1,
      admins: 1,
      relationships: bundled ? 2 : 1,
      subscriptions: bundled ? 1 : 0,
    });
    expect(await countRows(api.dataSource, 'subscription')).toBe(
      subscriptionsBefore + (bundled ? 1 : 0),
    );
    expect(await countRows(api.dataSource, 'csp_order')).toBe(ordersBefore + (bundled ? 1 : 0));
  });

  test(`R-29/R-17 ${PARALLEL} retries of one add with one idempotency key: one customer, the password shown once, the rest replays`, async () => {
    const adatum = partners[1];
    const idempotencyKey = randomUUID();
    const input = customerInput('RaceRetry', { idempotencyKey });
    const answers = outcomes(await race(PARALLEL, () => addCustomer(adatum, input)), 'addCustomer');

    expect(tally(answers)).toEqual({ OK: PARALLEL });
    const ids = new Set(answers.map((a) => a.payload.customer.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => !a.payload.replayed)).toHaveLength(1);
    // the temporary password travels in the first answer only.
    const withPassword = answers.filter((a) => a.payload.adminCredentials !== null);
    expect(withPassword).toHaveLength(1);
    expect(withPassword[0].payload.replayed).toBe(false);
    expect(await rowsFor('RaceRetry')).toEqual({
      customers: 1,
      admins: 1,
      relationships: 1,
      subscriptions: 0,
    });
    expect(
      await countRows(api.dataSource, 'idempotency_record', 'idempotency_key = ?', [
        idempotencyKey,
      ]),
    ).toBe(1);
  });

  test(`R-15/R-29 ${PARALLEL} adds of one domain, each with its own idempotency key: one customer, losers keep no key`, async () => {
    const keys = Array.from({ length: PARALLEL }, () => randomUUID());
    const answers = outcomes(
      await race(PARALLEL, (i) =>
        addCustomer(
          partners[i % partners.length],
          customerInput('RaceKeys', { companyName: `Race Keys ${i}`, idempotencyKey: keys[i] }),
        ),
      ),
      'addCustomer',
    );
    expect(tally(answers)).toEqual({ OK: 1, ALREADY_EXISTS: PARALLEL - 1 });
    expectLosersRefused(answers);
    expect(await rowsFor('RaceKeys')).toMatchObject({ customers: 1, admins: 1 });
    const placeholders = keys.map(() => '?').join(', ');
    expect(
      await countRows(
        api.dataSource,
        'idempotency_record',
        `idempotency_key IN (${placeholders})`,
        keys,
      ),
    ).toBe(1);
  });

  test(`R-29 ${PARALLEL} retries of a refused add with one idempotency key: every one gets the refusal, the key stays free`, async () => {
    // The domain is taken (by the first test): each request claims the key, is refused and
    // rolls back, and the next one in line gets the same answer, never a masked deadlock.
    const adatum = partners[1];
    const idempotencyKey = randomUUID();
    const input = customerInput('RaceDomain', { idempotencyKey });
    const answers = outcomes(await race(PARALLEL, () => addCustomer(adatum, input)), 'addCustomer');
    expect(tally(answers)).toEqual({ ALREADY_EXISTS: PARALLEL });
    expect(
      await countRows(api.dataSource, 'idempotency_record', 'idempotency_key = ?', [
        idempotencyKey,
      ]),
    ).toBe(0);
  });
});
