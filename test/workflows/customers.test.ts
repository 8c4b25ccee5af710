import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';
import { verifyPassword } from '../../src/customers/temporary-password';
import { toGlobalId } from '../../src/core/node-id';
import { buildGraphQLSchema } from '../../src/entry/schema';
import { addCustomer, addCustomerOk, customerInput, orgId, orgKey } from '../support/customers';
import { captureDbState, countRows, expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import { expectOk, startTestServer, type GqlClient, type TestServer } from '../support/test-server';

describe('addCustomer (R-09, R-15, R-17, R-18, R-04)', () => {
  let api: TestServer;
  let contoso: GqlClient;
  let fabrikam: GqlClient;
  let adatum: GqlClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    contoso = await api.as(demo.contoso.sales);
    fabrikam = await api.as(demo.fabrikam.adminAgent);
    adatum = await api.as(demo.adatum.sales);
    for (const name of [
      'Trey Research IT',
      'Litware Systems',
      'Proseware Consulting',
      'Lucerne IT Services',
      'VanArsdel Tech',
    ]) {
      ids[name] = await orgId(api.dataSource, name);
    }
  });
  afterAll(() => api.close());

  async function offerId(code: string): Promise<string> {
    const [row] = await api.dataSource.query('SELECT id FROM offer WHERE code = ?', [code]);
    return toGlobalId('Offer', Number(row.id));
  }

  /** Runs a refused add and returns its single userError, asserting that nothing changed. */
  async function refused(client: GqlClient, input: Record<string, unknown>) {
    const result = await expectDbUnchanged(api.dataSource, () => addCustomer(client, input));
    const payload = expectOk(result).addCustomer;
    expect(payload.customer).toBeNull();
    expect(payload.adminCredentials).toBeNull();
    expect(payload.userErrors).toHaveLength(1);
    return payload.userErrors[0];
  }

  async function badInput(client: GqlClient, input: Record<string, unknown>) {
    const result = await expectDbUnchanged(api.dataSource, () => addCustomer(client, input));
    expect(result.data?.addCustomer ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    return result.errors![0].extensions!.field as string;
  }

  test('R-15 a provider adds a customer and designates an active reseller: both get ACTIVE relationships, all three read the audit', async () => {
    const payload = await addCustomerOk(
      contoso,
      customerInput('BlueYonderAir', {
        companyName: 'Blue Yonder Airlines',
        culture: 'en-CA',
        countryCode: 'CA',
        indirectResellerId: ids['Trey Research IT'],
      }),
    );
    expect(payload.customer).toMatchObject({
      name: 'Blue Yonder Airlines',
      tenantDomain: 'blueyonderair.onmicrosoft.com',
      country: { code: 'CA' },
      cspRegion: { code: 'NORTH_AMERICA' },
      culture: 'en-CA',
      companyContact: { name: 'Pat Doe', phone: '+1 206 555 0111' },
    });
    expect(payload.relationship).toMatchObject({
      status: 'ACTIVE',
      resellerRelationship: true,
      delegatedAdmin: true,
      origin: 'ADDED_BY_PARTNER',
      partner: { name: 'Contoso Distribution' },
    });
    expect(payload.designatedResellerRelationship).toMatchObject({
      status: 'ACTIVE',
      resellerRelationship: true,
      delegatedAdmin: true,
      origin: 'DESIGNATED_RESELLER',
      partner: { name: 'Trey Research IT' },
    });
    expect(payload.replayed).toBe(false);

    // The provider lists it under the reseller; the reseller administers it.
    const listed = expectOk(
      await contoso.query(
        'query($r: ID) { customers(indirectResellerId: $r) { nodes { name } } }',
        {
          r: ids['Trey Research IT'],
        },
      ),
    );
    expect(listed.customers.nodes.map((n: any) => n.name)).toContain('Blue Yonder Airlines');
    const trey = await api.as(demo.trey.helpdesk);
    const seen = expectOk(
      await trey.query(
        'query($id: ID!) { node(id: $id) { ... on Customer { name partners { nodes { name } } } } }',
        {
          id: payload.customer.id,
        },
      ),
    );
    expect(seen.node.partners.nodes.map((n: any) => n.name).sort()).toEqual([
      'Contoso Distribution',
      'Trey Research IT',
    ]);

    // the provider, the designated reseller and the new customer read the records.
    const byResource =
      '{ auditLog(operation: "addCustomer", first: 100) { nodes { resourceType resourceId actor { email } } } }';
    const admin = await api.as('admin@blueyonderair.onmicrosoft.com');
    for (const reader of [contoso, await api.as(demo.trey.globalAdmin), admin]) {
      const log = expectOk(await reader.query(byResource)).auditLog.nodes.filter(
        (n: any) => n.resourceId === payload.customer.id,
      );
      expect(log).toEqual([expect.objectContaining({ resourceType: 'Customer' })]);
    }
    const own = expectOk(await contoso.query(byResource)).auditLog.nodes.map(
      (n: any) => n.resourceType,
    );
    expect(own).toEqual(expect.arrayContaining(['Customer', 'CustomerRelationship', 'User']));
    // Another provider sees nothing of it.
    expect(
      expectOk(
        await fabrikam.query('query($id: ID!) { node(id: $id) { id } }', {
          id: payload.customer.id,
        }),
      ).node,
    ).toBeNull();
  });

  test('R-15 a reseller without an ACTIVE partnership cannot be designated: RESELLER_NOT_PARTNERED', async () => {
    const cases: Array<[GqlClient, string, string]> = [
      [contoso, ids['VanArsdel Tech'], 'partnership REVOKED'],
      [contoso, ids['Proseware Consulting'], "another provider's reseller, invisible to Contoso"],
      [contoso, toGlobalId('Partner', 999_999), 'unknown ID'],
      [contoso, await orgId(api.dataSource, 'Adatum Cloud Services'), 'not a reseller'],
      [fabrikam, ids['Lucerne IT Services'], 'partnership INVITED only'],
      [adatum, ids['Trey Research IT'], 'a direct-bill partner has no resellers'],
    ];
    for (const [client, resellerId, why] of cases) {
      const error = await refused(
        client,
        customerInput('NotPartnered1', { indirectResellerId: resellerId }),
      );
      expect({ why, ...error }).toMatchObject({
        why,
        code: 'RESELLER_NOT_PARTNERED',
        field: 'input.indirectResellerId',
      });
    }
  });

  test('R-09 a partner adds customers only in its region: provider authorized regions, direct-bill and reseller legal country', async () => {
    // Allowed: Contoso is authorized in Latin America; Fabrikam (Germany) in North America too;
    // Adatum (direct bill, US) sells in North America.
    await addCustomerOk(contoso, customerInput('RegionMx', { countryCode: 'MX' }));
    await addCustomerOk(fabrikam, customerInput('RegionUs', { countryCode: 'US' }));
    await addCustomerOk(adatum, customerInput('RegionCa', { countryCode: 'CA' }));
    // A designated reseller must sell there too: Litware (Canada) for a US customer.
    await addCustomerOk(
      contoso,
      customerInput('RegionLitware', { indirectResellerId: ids['Litware Systems'] }),
    );

    expect(await refused(contoso, customerInput('RegionDe', { countryCode: 'DE' }))).toMatchObject({
      code: 'CUSTOMER_OUT_OF_REGION',
      field: 'input.countryCode',
    });
    expect(await refused(adatum, customerInput('RegionBr', { countryCode: 'BR' }))).toMatchObject({
      code: 'CUSTOMER_OUT_OF_REGION',
      field: 'input.countryCode',
    });
    expect(await refused(fabrikam, customerInput('RegionJp', { countryCode: 'JP' }))).toMatchObject(
      {
        code: 'CUSTOMER_OUT_OF_REGION',
        field: 'input.countryCode',
      },
    );
    // Fabrikam sells in France, but its reseller Trey (US) does not.
    expect(
      await refused(
        fabrikam,
        customerInput('RegionFr', {
          countryCode: 'FR',
          indirectResellerId: ids['Trey Research IT'],
        }),
      ),
    ).toMatchObject({ code: 'CUSTOMER_OUT_OF_REGION', field: 'input.indirectResellerId' });
    // A country outside every CSP region is malformed input.
    expect(await badInput(contoso, customerInput('RegionXx', { countryCode: 'XX' }))).toBe(
      'input.countryCode',
    );
  });

  test('R-18 a registered partner cannot be a customer, by tenant domain or by normalized legal name', async () => {
    expect(
      await refused(contoso, customerInput('contosodistribution', { companyName: 'Anything' })),
    ).toMatchObject({ code: 'PARTNER_CANNOT_BE_CUSTOMER', field: 'input.tenantDomainPrefix' });
    expect(
      await refused(adatum, customerInput('TreyResearchIt', { companyName: 'Some Name' })),
    ).toMatchObject({ code: 'PARTNER_CANNOT_BE_CUSTOMER', field: 'input.tenantDomainPrefix' });
    for (const companyName of [
      'Trey Research IT',
      'TREY RESEARCH IT, Inc.',
      'The Trey-Research I.T. LLC',
      'Tréy Research IT GmbH',
      'Litware Systems Co., Ltd.',
    ]) {
      expect(await refused(contoso, customerInput('Renamed1', { companyName }))).toMatchObject({
        code: 'PARTNER_CANNOT_BE_CUSTOMER',
        field: 'input.companyName',
      });
    }
    // Close is not equal: these are customers.
    await addCustomerOk(
      contoso,
      customerInput('TreyBakery', { companyName: 'Trey Research Bakery' }),
    );
    await addCustomerOk(contoso, customerInput('LitwareFans', { companyName: 'Litware' }));
    // A customer tenant that exists already is ALREADY_EXISTS, not R-18.
    expect(await refused(contoso, customerInput('NorthwindTraders'))).toMatchObject({
      code: 'ALREADY_EXISTS',
      field: 'input.tenantDomainPrefix',
    });
  });

  test('R-16 a customer is added with its first subscriptions in one operation', async () => {
    const key = randomUUID();
    const input = customerInput('FirstSubs', {
      indirectResellerId: ids['Trey Research IT'],
      idempotencyKey: key,
      subscriptions: [
        {
          offerId: await offerId('MS-365-BS-M'),
          quantity: 12,
          partnerOfRecordId: ids['Trey Research IT'],
          supportContactId: ids['Trey Research IT'],
          friendlyName: 'Office staff',
        },
        { offerId: await offerId('AZ-PLAN'), quantity: 1 },
      ],
    });
    const payload = await addCustomerOk(contoso, input);
    expect(payload.order).not.toBeNull();
    expect(payload.subscriptions).toEqual([
      expect.objectContaining({
        quantity: 12,
        status: 'ACTIVE',
        offer: { code: 'MS-365-BS-M' },
        partnerOfRecord: { name: 'Trey Research IT' },
      }),
      expect.objectContaining({ quantity: 1, offer: { code: 'AZ-PLAN' }, partnerOfRecord: null }),
    ]);
    const [order] = await api.dataSource.query(
      'SELECT * FROM csp_order WHERE idempotency_key = ?',
      [key],
    );
    expect(toGlobalId('Order', Number(order.id))).toBe(payload.order.id);
    // The designated reseller reads the subscriptions of the customer it administers.
    const trey = await api.as(demo.trey.helpdesk);
    const seen = expectOk(
      await trey.query(
        'query($id: ID!) { node(id: $id) { ... on Customer { subscriptions { totalCount } } } }',
        { id: payload.customer.id },
      ),
    );
    expect(seen.node.subscriptions.totalCount).toBe(2);
    // A retry replays the customer, its order and subscriptions, and creates nothing.
    const replay = await expectDbUnchanged(api.dataSource, () => addCustomer(contoso, input));
    const again = expectOk(replay).addCustomer;
    expect(again.replayed).toBe(true);
    expect(again.order.id).toBe(payload.order.id);
    expect(again.subscriptions.map((s: any) => s.id)).toEqual(
      payload.subscriptions.map((s: any) => s.id),
    );
  });

  test('R-16 all or nothing: a refused second subscription leaves no customer, relationship, user or order', async () => {
    const good = { offerId: await offerId('MS-365-BB-M'), quantity: 5 };
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [
        { offerId: await offerId('MS-365-BB-M'), quantity: 301 },
        'INVALID_QUANTITY',
        'input.subscriptions.1.quantity',
      ],
      [
        { offerId: await offerId('MS-365-BB-M'), quantity: 0 },
        'INVALID_QUANTITY',
        'input.subscriptions.1.quantity',
      ],
      [
        { offerId: await offerId('DEF-O365-P2'), quantity: 5 },
        'OFFER_NOT_AVAILABLE',
        'input.subscriptions.1.offerId',
      ],
      [
        { offerId: await offerId('O365-PROPLUS'), quantity: 5 },
        'OFFER_NOT_AVAILABLE',
        'input.subscriptions.1.offerId',
      ],
      [
        { offerId: toGlobalId('Offer', 999_999), quantity: 5 },
        'NOT_FOUND',
        'input.subscriptions.1.offerId',
      ],
      [
        // Litware is Contoso's reseller but has no relationship with the new customer.
        { ...good, partnerOfRecordId: ids['Litware Systems'] },
        'RESELLER_NOT_ASSOCIATED',
        'input.subscriptions.1.partnerOfRecordId',
      ],
      [
        { ...good, supportContactId: ids['Proseware Consulting'] },
        'RESELLER_NOT_ASSOCIATED',
        'input.subscriptions.1.supportContactId',
      ],
    ];
    for (const [second, code, field] of cases) {
      const error = await refused(
        contoso,
        customerInput('AllOrNothing', {
          indirectResellerId: ids['Trey Research IT'],
          subscriptions: [{ ...good, partnerOfRecordId: ids['Trey Research IT'] }, second],
        }),
      );
      expect({ code, field }).toEqual({ code: error.code, field: error.field });
    }
    expect(
      await countRows(api.dataSource, 'organization', 'tenant_domain = ?', [
        'allornothing.onmicrosoft.com',
      ]),
    ).toBe(0);
    expect(
      await countRows(api.dataSource, 'app_user', 'email = ?', [
        'admin@allornothing.onmicrosoft.com',
      ]),
    ).toBe(0);
    // The same customer goes through once the lines are right.
    await addCustomerOk(
      contoso,
      customerInput('AllOrNothing', {
        indirectResellerId: ids['Trey Research IT'],
        subscriptions: [good],
      }),
    );
  });

  test('R-17 the admin user name and a strong temporary password are returned once and stored only as a scrypt hash', async () => {
    const key = randomUUID();
    const input = customerInput('SecretCo', { idempotencyKey: key });
    const payload = await addCustomerOk(adatum, input);
    const { userName, temporaryPassword } = payload.adminCredentials;
    expect(userName).toBe('admin@secretco.onmicrosoft.com');
    expect(temporaryPassword).toHaveLength(16);
    for (const cls of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/])
      expect(temporaryPassword).toMatch(cls);

    const [user] = await api.dataSource.query(
      'SELECT password_hash, must_change_password, roles FROM app_user WHERE email = ?',
      [userName],
    );
    expect(user.password_hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword(temporaryPassword, user.password_hash)).toBe(true);
    expect(await verifyPassword(`${temporaryPassword}x`, user.password_hash)).toBe(false);
    expect(Boolean(Number(user.must_change_password))).toBe(true);
    expect(user.roles).toBe('CUSTOMER_ADMIN');

    // The plain password is in no row of any table: not the user, not the audit, not the outbox.
    for (const table of [
      'app_user',
      'organization',
      'audit_record',
      'email_outbox',
      'idempotency_record',
    ]) {
      const rows = await api.dataSource.query(`SELECT * FROM ${table}`);
      expect(JSON.stringify(rows)).not.toContain(temporaryPassword);
    }

    // A retry with the same key replays the outcome, creates nothing and shows no password.
    const replay = await expectDbUnchanged(api.dataSource, () => addCustomer(adatum, input));
    const again = expectOk(replay).addCustomer;
    expect(again).toMatchObject({ replayed: true, adminCredentials: null, userErrors: [] });
    expect(again.customer.id).toBe(payload.customer.id);
    expect(again.relationship.id).toBe(payload.relationship.id);
    expect(JSON.stringify(replay.data)).not.toContain(temporaryPassword);
    // The same key for another customer is refused.
    expect(await refused(adatum, customerInput('OtherCo', { idempotencyKey: key }))).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'input.idempotencyKey',
    });

    // The new admin signs in and reads its users: nothing exposes the password or its hash.
    const admin = await api.as(userName);
    const me = expectOk(
      await admin.query(
        '{ viewer { user { email mustChangePassword } organization { ... on Customer { users { nodes { email roles mustChangePassword } } } } } }',
      ),
    );
    expect(me.viewer.user).toEqual({ email: userName, mustChangePassword: true });
    expect(me.viewer.organization.users.nodes).toEqual([
      { email: userName, roles: ['CUSTOMER_ADMIN'], mustChangePassword: true },
    ]);
  });

  test('R-17 no field of the schema but the addCustomer payload can return a password', () => {
    const schema: GraphQLSchema = buildGraphQLSchema();
    const carriers: string[] = [];
    const passwordFields: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (getNamedType(field.type as GraphQLType).name === 'CustomerAdminCredentials')
            carriers.push(`${type.name}.${field.name}`);
          if (/password|secret|hash/i.test(field.name))
            passwordFields.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(carriers).toEqual(['AddCustomerPayload.adminCredentials']);
    expect(passwordFields.sort()).toEqual([
      'CustomerAdminCredentials.temporaryPassword',
      'User.mustChangePassword',
    ]);
  });

  test('R-04 only an active transacting partner that accepted the agreement adds customers', async () => {
    const trey = await api.as(demo.trey.sales);
    expect(await refused(trey, customerInput('ByReseller'))).toMatchObject({
      code: 'RESELLER_CANNOT_TRANSACT',
    });
    const adatumKey = await orgKey(api.dataSource, 'Adatum Cloud Services');
    await api.dataSource.query(
      'UPDATE organization SET agreement_accepted_at = NULL WHERE id = ?',
      [adatumKey],
    );
    try {
      expect(await refused(adatum, customerInput('NoAgreement'))).toMatchObject({
        code: 'AGREEMENT_NOT_ACCEPTED',
      });
    } finally {
      await api.dataSource.query(
        'UPDATE organization SET agreement_accepted_at = created_at WHERE id = ?',
        [adatumKey],
      );
    }
    for (const email of [
      demo.contoso.helpdesk,
      demo.contoso.billing,
      demo.customers.munson,
      demo.vendor,
    ]) {
      const client = await api.as(email);
      const result = await expectDbUnchanged(api.dataSource, () =>
        addCustomer(client, customerInput('WrongRole')),
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  test('malformed input is BAD_USER_INPUT naming the field, before anything is written', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [customerInput('ab'), 'input.tenantDomainPrefix'],
      [customerInput('has-dash'), 'input.tenantDomainPrefix'],
      [customerInput('a'.repeat(28)), 'input.tenantDomainPrefix'],
      [customerInput('Valid1', { companyName: '  ,. ' }), 'input.companyName'],
      [customerInput('Valid1', { companyName: 'x'.repeat(201) }), 'input.companyName'],
      [customerInput('Valid1', { countryCode: 'us' }), 'input.countryCode'],
      [customerInput('Valid1', { culture: 'english' }), 'input.culture'],
      [
        customerInput('Valid1', { companyContact: { name: 'Pat', email: 'not-an-email' } }),
        'input.companyContact.email',
      ],
      [
        customerInput('Valid1', {
          companyContact: { name: 'Pat', email: 'p@x.example', phone: 'call me' },
        }),
        'input.companyContact.phone',
      ],
      [
        customerInput('Valid1', { address: { line1: ' ', city: 'Seattle' } }),
        'input.address.line1',
      ],
      [customerInput('Valid1', { indirectResellerId: 'garbage' }), 'input.indirectResellerId'],
      [
        customerInput('Valid1', { indirectResellerId: toGlobalId('Customer', 1) }),
        'input.indirectResellerId',
      ],
      [customerInput('Valid1', { idempotencyKey: 'not-a-uuid' }), 'input.idempotencyKey'],
      [
        customerInput('Valid1', { subscriptions: [{ offerId: 'nope', quantity: 1 }] }),
        'input.subscriptions.0.offerId',
      ],
    ];
    for (const [input, field] of cases) {
      expect(await badInput(contoso, input)).toBe(field);
    }
  });

  test('races: two partners adding the same tenant domain at once create one customer; the other gets ALREADY_EXISTS', async () => {
    const before = await captureDbState(api.dataSource);
    const [a, b] = await Promise.all([
      addCustomer(contoso, customerInput('RaceCo', { companyName: 'Race Co (Contoso)' })),
      addCustomer(adatum, customerInput('RaceCo', { companyName: 'Race Co (Adatum)' })),
    ]);
    const payloads = [expectOk(a).addCustomer, expectOk(b).addCustomer];
    const winners = payloads.filter((p) => p.userErrors.length === 0);
    const losers = payloads.filter((p) => p.userErrors.length > 0);
    expect(winners).toHaveLength(1);
    expect(losers[0].userErrors).toEqual([
      expect.objectContaining({ code: 'ALREADY_EXISTS', field: 'input.tenantDomainPrefix' }),
    ]);
    expect(
      await countRows(api.dataSource, 'organization', 'tenant_domain = ?', [
        'raceco.onmicrosoft.com',
      ]),
    ).toBe(1);
    expect(
      await countRows(api.dataSource, 'app_user', 'email = ?', ['admin@raceco.onmicrosoft.com']),
    ).toBe(1);
    const after = await captureDbState(api.dataSource);
    expect(after.counts.customer_relationship).toBe(before.counts.customer_relationship + 1);

    // Many adds at once by one provider, for one designated reseller, with first subscriptions:
    // none waits on another's locks long enough to fail.
    const basic = await offerId('MS-365-BB-M');
    const many = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        addCustomer(
          contoso,
          customerInput(`Parallel${i}`, {
            indirectResellerId: ids['Trey Research IT'],
            subscriptions: [
              { offerId: basic, quantity: 3, partnerOfRecordId: ids['Trey Research IT'] },
            ],
          }),
        ),
      ),
    );
    expect(many.map((r) => expectOk(r).addCustomer.userErrors)).toEqual(many.map(() => []));

    // The same add retried in parallel with one idempotency key: one customer, one replay.
    const input = customerInput('RetryCo', { idempotencyKey: randomUUID() });
    const results = await Promise.all([addCustomer(adatum, input), addCustomer(adatum, input)]);
    const retried = results.map((r) => expectOk(r).addCustomer);
    expect(retried.every((p) => p.userErrors.length === 0)).toBe(true);
    expect(retried.map((p) => p.replayed).sort()).toEqual([false, true]);
    expect(new Set(retried.map((p) => p.customer.id)).size).toBe(1);
    expect(retried.filter((p) => p.adminCredentials !== null)).toHaveLength(1);
    expect(
      await countRows(api.dataSource, 'organization', 'tenant_domain = ?', [
        'retryco.onmicrosoft.com',
      ]),
    ).toBe(1);
  });
});
