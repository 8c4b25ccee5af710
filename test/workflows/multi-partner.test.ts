import { DEMO_RELATIONSHIP_REQUEST_TOKEN } from '../../src/entry/seed/demo-channel';
import { toGlobalId } from '../../src/core/node-id';
import { lastEmailedToken, orgKey, subscriptionRows } from '../support/customers';
import { expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import { expectOk, startTestServer, type GqlClient, type TestServer } from '../support/test-server';

const REQUEST = `mutation($input: RequestCustomerRelationshipInput!) {
  requestCustomerRelationship(input: $input) {
    relationshipRequest { id kind status resellerRelationship delegatedAdmin partner { name } customer { name } }
    invitationLink
    userErrors { code field message }
  }
}`;

const ACCEPT = `mutation($input: AcceptRelationshipRequestInput!) {
  acceptRelationshipRequest(input: $input) {
    relationshipRequest { id status }
    customer { name }
    relationships { id status resellerRelationship delegatedAdmin origin partner { name } }
    userErrors { code field message }
  }
}`;

const REMOVE = `mutation($input: RemoveCustomerRelationshipInput!) {
  removeCustomerRelationship(input: $input) {
    relationship { id status resellerRelationship delegatedAdmin removedAt partner { name } }
    userErrors { code field message }
  }
}`;

const MY_PARTNERS = `{ viewer { organization { ... on Customer {
  partners(includeRemoved: true, first: 50) { edges { node { name } relationship { id status resellerRelationship delegatedAdmin origin } } }
} } } }`;

describe('R-20/R-21 multi-partner', () => {
  let api: TestServer;
  let alpine: GqlClient;
  let alpineKey: number;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    alpine = await api.as(demo.customers.alpine);
    alpineKey = await orgKey(api.dataSource, 'Alpine Ski House');
  });
  afterAll(() => api.close());

  async function request(client: GqlClient, input: Record<string, unknown>) {
    return expectOk(await client.query(REQUEST, { input })).requestCustomerRelationship;
  }

  async function requestOk(client: GqlClient, input: Record<string, unknown>) {
    const payload = await request(client, input);
    expect(payload.userErrors).toEqual([]);
    const token = await lastEmailedToken(api.dataSource, String(input.recipientEmail));
    expect(payload.invitationLink).toMatch(
      new RegExp(`/relationship-requests/accept\\?token=${token}$`),
    );
    return { request: payload.relationshipRequest, token };
  }

  async function accept(client: GqlClient, token: string) {
    return expectOk(await client.query(ACCEPT, { input: { token, consent: true } }))
      .acceptRelationshipRequest;
  }

  async function refusedAccept(client: GqlClient, token: string) {
    const result = await expectDbUnchanged(api.dataSource, () =>
      client.query(ACCEPT, { input: { token, consent: true } }),
    );
    const payload = expectOk(result).acceptRelationshipRequest;
    expect(payload.relationships).toEqual([]);
    return payload.userErrors[0];
  }

  async function partnersOf(client: GqlClient) {
    const data = expectOk(await client.query(MY_PARTNERS));
    return data.viewer.organization.partners.edges as Array<{
      node: { name: string };
      relationship: {
        id: string;
        status: string;
        resellerRelationship: boolean;
        delegatedAdmin: boolean;
        origin: string;
      };
    }>;
  }

  async function relationshipId(client: GqlClient, partnerName: string) {
    const edge = (await partnersOf(client)).find(
      (e) => e.node.name === partnerName && e.relationship.status === 'ACTIVE',
    );
    if (!edge) throw new Error(`no active relationship with ${partnerName}`);
    return edge.relationship.id;
  }

  test('R-20 partners ask an existing customer by tenant domain; it accepts and works with all of them; R-21 its subscriptions do not change', async () => {
    const subscriptionsBefore = await subscriptionRows(api.dataSource, alpineKey);
    const litware = await api.as(demo.litware.globalAdmin);
    const { request: sent, token } = await requestOk(litware, {
      customerTenantDomain: 'AlpineSkiHouse.onmicrosoft.com',
      recipientEmail: 'admin@alpineskihouse.example',
      message: 'We specialize in Microsoft 365 security.',
      resellerRelationship: true,
      delegatedAdmin: true,
    });
    // The partner cannot see the customer until it accepts.
    expect(sent).toMatchObject({
      kind: 'RELATIONSHIP_REQUEST',
      status: 'PENDING',
      partner: { name: 'Litware Systems' },
      customer: null,
    });

    // The customer admin sees its pending requests, the demo one from Fabrikam included.
    const pending = expectOk(
      await alpine.query(
        '{ relationshipRequests(status: PENDING) { nodes { id partner { name } resellerRelationship delegatedAdmin } } }',
      ),
    );
    expect(pending.relationshipRequests.nodes.map((n: any) => n.partner.name).sort()).toEqual([
      'Fabrikam Distribution',
      'Litware Systems',
    ]);
    expect(
      expectOk(
        await alpine.query(
          'query($t: String!) { relationshipRequestPreview(token: $t) { kind partnerName message } }',
          {
            t: token,
          },
        ),
      ).relationshipRequestPreview,
    ).toEqual({
      kind: 'RELATIONSHIP_REQUEST',
      partnerName: 'Litware Systems',
      message: 'We specialize in Microsoft 365 security.',
    });

    const accepted = await accept(alpine, token);
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.relationshipRequest.status).toBe('ACCEPTED');
    expect(accepted.relationships).toEqual([
      expect.objectContaining({
        partner: { name: 'Litware Systems' },
        status: 'ACTIVE',
        resellerRelationship: true,
        delegatedAdmin: true,
        origin: 'RELATIONSHIP_REQUEST',
      }),
    ]);
    const demoAccepted = await accept(alpine, DEMO_RELATIONSHIP_REQUEST_TOKEN);
    expect(demoAccepted.userErrors).toEqual([]);
    expect(demoAccepted.relationships[0].partner.name).toBe('Fabrikam Distribution');

    // Four partners at once, each with its own privileges.
    const partners = await partnersOf(alpine);
    expect(
      partners
        .map((e) => [
          e.node.name,
          e.relationship.resellerRelationship,
          e.relationship.delegatedAdmin,
        ])
        .sort(),
    ).toEqual([
      ['Adatum Cloud Services', true, true],
      ['Contoso Distribution', false, true],
      ['Fabrikam Distribution', true, true],
      ['Litware Systems', true, true],
    ]);
    // The partner now sees its new customer.
    const litwareCustomers = expectOk(await litware.query('{ customers { nodes { name } } }'));
    expect(litwareCustomers.customers.nodes.map((n: any) => n.name)).toContain('Alpine Ski House');
    // both sides read the acceptance.
    for (const reader of [alpine, litware]) {
      const log = expectOk(
        await reader.query(
          '{ auditLog(operation: "acceptRelationshipRequest") { nodes { resourceType resourceId } } }',
        ),
      );
      expect(log.auditLog.nodes).toEqual(
        expect.arrayContaining([{ resourceType: 'RelationshipRequest', resourceId: sent.id }]),
      );
    }

    // quantities, status, terms, billing partner, partner of record: all as before.
    expect(await subscriptionRows(api.dataSource, alpineKey)).toEqual(subscriptionsBefore);
  });

  test('R-20 a request to a partner that already has a relationship adds the privileges and keeps the relationship', async () => {
    const before = (await partnersOf(alpine)).find((e) => e.node.name === 'Contoso Distribution')!;
    expect(before.relationship).toMatchObject({
      resellerRelationship: false,
      delegatedAdmin: true,
    });
    const subscriptionsBefore = await subscriptionRows(api.dataSource, alpineKey);
    const contoso = await api.as(demo.contoso.sales);
    const { token } = await requestOk(contoso, {
      customerTenantDomain: 'alpineskihouse.onmicrosoft.com',
      recipientEmail: 'it@alpineskihouse.example',
      resellerRelationship: true,
    });
    const accepted = await accept(alpine, token);
    expect(accepted.relationships).toEqual([
      expect.objectContaining({
        id: before.relationship.id,
        resellerRelationship: true,
        delegatedAdmin: true,
        origin: 'RELATIONSHIP_REQUEST',
      }),
    ]);
    expect(await subscriptionRows(api.dataSource, alpineKey)).toEqual(subscriptionsBefore);
  });

  test('R-20 refused requests: unknown tenant NOT_FOUND, a partner tenant (R-18), privileges held already, R-04, roles, malformed input', async () => {
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [
        demo.fabrikam.adminAgent,
        { customerTenantDomain: 'nosuchtenant.onmicrosoft.com', delegatedAdmin: true },
        'NOT_FOUND',
        'input.customerTenantDomain',
      ],
      [
        demo.fabrikam.adminAgent,
        { customerTenantDomain: 'treyresearchit.onmicrosoft.com', resellerRelationship: true },
        'PARTNER_CANNOT_BE_CUSTOMER',
        'input.customerTenantDomain',
      ],
      [
        demo.fabrikam.adminAgent,
        { customerTenantDomain: 'microsoft.onmicrosoft.com', delegatedAdmin: true },
        'NOT_FOUND',
        'input.customerTenantDomain',
      ],
      [
        demo.adatum.sales,
        {
          customerTenantDomain: 'alpineskihouse.onmicrosoft.com',
          resellerRelationship: true,
          delegatedAdmin: true,
        },
        'ALREADY_EXISTS',
        'input.customerTenantDomain',
      ],
      [
        demo.southridge.globalAdmin,
        { customerTenantDomain: 'munsonspickles.onmicrosoft.com', delegatedAdmin: true },
        'AGREEMENT_NOT_ACCEPTED',
        '',
      ],
      [
        demo.relecloud.globalAdmin,
        { customerTenantDomain: 'munsonspickles.onmicrosoft.com', delegatedAdmin: true },
        'PARTNER_NOT_ACTIVE',
        '',
      ],
    ];
    for (const [email, input, code, field] of cases) {
      const client = await api.as(email);
      const result = await expectDbUnchanged(api.dataSource, () =>
        client.query(REQUEST, { input: { recipientEmail: 'someone@customer.example', ...input } }),
      );
      const payload = expectOk(result).requestCustomerRelationship;
      expect(payload.relationshipRequest).toBeNull();
      expect(payload.userErrors[0]).toMatchObject({ code, field: field || null });
    }
    for (const email of [
      demo.trey.helpdesk,
      demo.contoso.billing,
      demo.customers.munson,
      demo.vendor,
    ]) {
      const client = await api.as(email);
      const result = await expectDbUnchanged(api.dataSource, () =>
        client.query(REQUEST, {
          input: {
            customerTenantDomain: 'munsonspickles.onmicrosoft.com',
            recipientEmail: 'a@b.example',
            delegatedAdmin: true,
          },
        }),
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const fabrikam = await api.as(demo.fabrikam.adminAgent);
    for (const [input, field] of [
      [
        { customerTenantDomain: 'munsonspickles.onmicrosoft.com', recipientEmail: 'a@b.example' },
        'input.resellerRelationship',
      ],
      [
        {
          customerTenantDomain: 'munsonspickles.com',
          recipientEmail: 'a@b.example',
          delegatedAdmin: true,
        },
        'input.customerTenantDomain',
      ],
      [
        {
          customerTenantDomain: 'munsonspickles.onmicrosoft.com',
          recipientEmail: 'nope',
          delegatedAdmin: true,
        },
        'input.recipientEmail',
      ],
    ] as const) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        fabrikam.query(REQUEST, { input }),
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  test('R-20 acceptance: only the addressed customer, R-09 for a reseller relationship, R-04 checked again', async () => {
    const proseware = await api.as(demo.proseware.globalAdmin);
    const munson = await api.as(demo.customers.munson);
    const northwind = await api.as(demo.customers.northwind);

    // Proseware (France) may not sell to Munson's Pickles (US)...
    const { token: selling } = await requestOk(proseware, {
      customerTenantDomain: 'munsonspickles.onmicrosoft.com',
      recipientEmail: 'sell@munsonspickles.example',
      resellerRelationship: true,
    });
    expect(await refusedAccept(northwind, selling)).toMatchObject({
      code: 'INVITATION_INVALID',
      field: 'input.token',
    });
    expect(await refusedAccept(munson, selling)).toMatchObject({ code: 'CUSTOMER_OUT_OF_REGION' });
    // ...but may administer it: delegated admin alone is not a sale.
    const { token: admin } = await requestOk(proseware, {
      customerTenantDomain: 'munsonspickles.onmicrosoft.com',
      recipientEmail: 'admin@munsonspickles.example',
      delegatedAdmin: true,
    });
    const prosewareKey = await orgKey(api.dataSource, 'Proseware Consulting');
    await api.dataSource.query("UPDATE organization SET status = 'SUSPENDED' WHERE id = ?", [
      prosewareKey,
    ]);
    try {
      expect(await refusedAccept(munson, admin)).toMatchObject({ code: 'PARTNER_NOT_ACTIVE' });
    } finally {
      await api.dataSource.query("UPDATE organization SET status = 'ACTIVE' WHERE id = ?", [
        prosewareKey,
      ]);
    }
    const accepted = await accept(munson, admin);
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.relationships[0]).toMatchObject({
      partner: { name: 'Proseware Consulting' },
      resellerRelationship: false,
      delegatedAdmin: true,
    });
    expect(await refusedAccept(munson, admin)).toMatchObject({ code: 'INVITATION_INVALID' });
    // A partner cannot accept for the customer.
    const result = await expectDbUnchanged(api.dataSource, () =>
      proseware.query(ACCEPT, { input: { token: selling, consent: true } }),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('R-20 a reseller relationship whose partner bills ACTIVE subscriptions cannot be removed; delegated admin can; R-21 subscriptions unchanged', async () => {
    const adatum = await api.as(demo.adatum.globalAdmin);
    const adatumRelationship = await relationshipId(alpine, 'Adatum Cloud Services');
    const subscriptionsBefore = await subscriptionRows(api.dataSource, alpineKey);

    for (const input of [
      { relationshipId: adatumRelationship },
      { relationshipId: adatumRelationship, delegatedAdmin: false },
    ]) {
      for (const client of [alpine, adatum]) {
        const result = await expectDbUnchanged(api.dataSource, () =>
          client.query(REMOVE, { input }),
        );
        expect(expectOk(result).removeCustomerRelationship.userErrors).toEqual([
          expect.objectContaining({
            code: 'ACTIVE_SUBSCRIPTIONS_EXIST',
            field: 'input.resellerRelationship',
          }),
        ]);
      }
    }

    const dap = expectOk(
      await alpine.query(REMOVE, {
        input: { relationshipId: adatumRelationship, resellerRelationship: false },
      }),
    ).removeCustomerRelationship;
    expect(dap.userErrors).toEqual([]);
    expect(dap.relationship).toMatchObject({
      status: 'ACTIVE',
      resellerRelationship: true,
      delegatedAdmin: false,
    });
    expect(await subscriptionRows(api.dataSource, alpineKey)).toEqual(subscriptionsBefore);

    // Once the subscription is suspended (R-27 is the subscriptions workflow; set here), it may go.
    await api.dataSource.query(
      "UPDATE subscription SET status = 'SUSPENDED', suspension_reason = 'CUSTOMER_REQUEST' WHERE customer_id = ?",
      [alpineKey],
    );
    const suspended = await subscriptionRows(api.dataSource, alpineKey);
    const removed = expectOk(
      await alpine.query(REMOVE, { input: { relationshipId: adatumRelationship } }),
    ).removeCustomerRelationship;
    expect(removed.userErrors).toEqual([]);
    expect(removed.relationship).toMatchObject({
      status: 'REMOVED',
      resellerRelationship: false,
      delegatedAdmin: false,
    });
    expect(removed.relationship.removedAt).not.toBeNull();
    expect(await subscriptionRows(api.dataSource, alpineKey)).toEqual(suspended);

    // Both sides read the removals; the customer still lists Adatum as a removed partner.
    for (const reader of [alpine, adatum]) {
      const log = expectOk(
        await reader.query(
          '{ auditLog(operation: "removeCustomerRelationship") { nodes { resourceId oldValue newValue } } }',
        ),
      );
      expect(
        log.auditLog.nodes.filter((n: any) => n.resourceId === adatumRelationship),
      ).toHaveLength(2);
    }
    const history = (await partnersOf(alpine)).find(
      (e) => e.relationship.id === adatumRelationship,
    );
    expect(history?.relationship.status).toBe('REMOVED');
    // Removed is removed: nothing more to change.
    const again = await expectDbUnchanged(api.dataSource, () =>
      alpine.query(REMOVE, { input: { relationshipId: adatumRelationship } }),
    );
    expect(expectOk(again).removeCustomerRelationship.userErrors[0]).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.relationshipId',
    });
  });

  test('R-20 a partner ends its own relationship under the same rule; R-21 the partner of record stays', async () => {
    const northwindKey = await orgKey(api.dataSource, 'Northwind Traders');
    const northwind = await api.as(demo.customers.northwind);
    const contosoRelationship = await relationshipId(northwind, 'Contoso Distribution');
    const treyRelationship = await relationshipId(northwind, 'Trey Research IT');
    const subscriptionsBefore = await subscriptionRows(api.dataSource, northwindKey);

    // Contoso bills two ACTIVE subscriptions of Northwind.
    const contoso = await api.as(demo.contoso.adminAgent);
    const refused = await expectDbUnchanged(api.dataSource, () =>
      contoso.query(REMOVE, { input: { relationshipId: contosoRelationship } }),
    );
    expect(expectOk(refused).removeCustomerRelationship.userErrors[0].code).toBe(
      'ACTIVE_SUBSCRIPTIONS_EXIST',
    );

    // Someone else's relationship reads like an unknown one.
    for (const [email, id] of [
      [demo.fabrikam.adminAgent, contosoRelationship],
      [demo.customers.alpine, contosoRelationship],
      [demo.trey.sales, toGlobalId('CustomerRelationship', 999_999)],
    ]) {
      const client = await api.as(email);
      const result = await expectDbUnchanged(api.dataSource, () =>
        client.query(REMOVE, { input: { relationshipId: id } }),
      );
      expect(expectOk(result).removeCustomerRelationship.userErrors[0]).toMatchObject({
        code: 'NOT_FOUND',
        field: 'input.relationshipId',
      });
    }
    const helpdesk = await api.as(demo.trey.helpdesk);
    const forbidden = await expectDbUnchanged(api.dataSource, () =>
      helpdesk.query(REMOVE, { input: { relationshipId: treyRelationship } }),
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const trey = await api.as(demo.trey.sales);
    for (const [input, field] of [
      [
        { relationshipId: treyRelationship, delegatedAdmin: false, resellerRelationship: false },
        'input.delegatedAdmin',
      ],
      [{ relationshipId: 'garbage' }, 'input.relationshipId'],
    ] as const) {
      const result = await expectDbUnchanged(api.dataSource, () => trey.query(REMOVE, { input }));
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }

    // Trey is partner of record and support contact, but bills nothing: it may leave.
    const ended = expectOk(
      await trey.query(REMOVE, { input: { relationshipId: treyRelationship } }),
    ).removeCustomerRelationship;
    expect(ended.userErrors).toEqual([]);
    expect(ended.relationship.status).toBe('REMOVED');
    const after = await subscriptionRows(api.dataSource, northwindKey);
    expect(after).toEqual(subscriptionsBefore);
    const treyKey = await orgKey(api.dataSource, 'Trey Research IT');
    expect(after.map((s: any) => Number(s.partner_of_record_id))).toEqual([treyKey, treyKey]);
  });
});
