import { createHash } from 'node:crypto';
import { DEMO_CUSTOMER_INVITATION_TOKEN } from '../../src/entry/seed/demo-channel';
import { toGlobalId } from '../../src/core/node-id';
import { addCustomerOk, customerInput, lastEmailedToken, orgId } from '../support/customers';
import { countRows, expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import { expectOk, startTestServer, type GqlClient, type TestServer } from '../support/test-server';

const INVITE = `mutation($input: InviteCustomerInput!) {
  inviteCustomer(input: $input) {
    relationshipRequest { id kind status recipientEmail message resellerRelationship delegatedAdmin expiresAt
                          partner { name } indirectProvider { name } customer { name } }
    invitationLink
    userErrors { code field message }
  }
}`;

const ACCEPT = `mutation($input: AcceptCustomerInvitationInput!) {
  acceptCustomerInvitation(input: $input) {
    relationshipRequest { id status acceptedAt }
    customer { name partners { edges { node { name } relationship { resellerRelationship delegatedAdmin origin status } } } }
    relationships { id status resellerRelationship delegatedAdmin origin partner { name } }
    userErrors { code field message }
  }
}`;

const PREVIEW = `query($token: String!) {
  relationshipRequestPreview(token: $token) {
    kind partnerName indirectProviderName resellerRelationship delegatedAdmin message expiresAt
  }
}`;

describe('R-19 customer invitations', () => {
  let api: TestServer;
  let trey: GqlClient;
  let adatum: GqlClient;
  let contosoId: string;
  let fabrikamId: string;
  let customerCount = 0;
  let lastTenantDomain = '';

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    trey = await api.as(demo.trey.sales);
    adatum = await api.as(demo.adatum.globalAdmin);
    contosoId = await orgId(api.dataSource, 'Contoso Distribution');
    fabrikamId = await orgId(api.dataSource, 'Fabrikam Distribution');
  });
  afterAll(() => api.close());

  /** A fresh customer tenant (served by Adatum) and a client signed in as its admin. */
  async function newCustomerAdmin(countryCode = 'US'): Promise<GqlClient> {
    const prefix = `invited${++customerCount}${countryCode.toLowerCase()}`;
    await addCustomerOk(
      countryCode === 'US' ? adatum : await api.as(demo.fabrikam.globalAdmin),
      customerInput(prefix, { countryCode }),
    );
    lastTenantDomain = `${prefix}.onmicrosoft.com`;
    return api.as(`admin@${lastTenantDomain}`);
  }

  async function invite(client: GqlClient, input: Record<string, unknown>) {
    return expectOk(await client.query(INVITE, { input })).inviteCustomer;
  }

  async function inviteOk(client: GqlClient, input: Record<string, unknown>) {
    const payload = await invite(client, input);
    expect(payload.userErrors).toEqual([]);
    const token = await lastEmailedToken(api.dataSource, String(input.recipientEmail));
    // The sender gets the same link once, to forward it if it likes.
    expect(payload.invitationLink).toBe(
      `${api.server.app.config.publicUrl}/customer-invitations/accept?token=${token}`,
    );
    return { request: payload.relationshipRequest, token };
  }

  async function refusedAccept(client: GqlClient, token: string) {
    const result = await expectDbUnchanged(api.dataSource, () =>
      client.query(ACCEPT, { input: { token, consent: true } }),
    );
    const payload = expectOk(result).acceptCustomerInvitation;
    expect(payload.relationships).toEqual([]);
    expect(payload.userErrors).toHaveLength(1);
    return payload.userErrors[0];
  }

  test('R-19 a reseller invites a customer; its admin accepts and gets both relationships in one step', async () => {
    const { request, token } = await inviteOk(trey, {
      indirectProviderId: contosoId,
      recipientEmail: 'it@newco.example',
      message: 'We would love to serve you.',
    });
    expect(request).toMatchObject({
      kind: 'CUSTOMER_INVITATION',
      status: 'PENDING',
      resellerRelationship: true,
      delegatedAdmin: true,
      partner: { name: 'Trey Research IT' },
      indirectProvider: { name: 'Contoso Distribution' },
      customer: null,
    });
    expect(Date.parse(request.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    // Only the SHA-256 of the emailed token is stored.
    const [row] = await api.dataSource.query(
      'SELECT token_hash FROM relationship_request WHERE recipient_email = ?',
      ['it@newco.example'],
    );
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const [email] = await api.dataSource.query(
      "SELECT subject, body FROM email_outbox WHERE recipient = 'it@newco.example'",
    );
    expect(email.body).toContain('We would love to serve you.');
    expect(email.body).toContain('Contoso Distribution');
    // The provider sees the invitation that names it.
    const contoso = await api.as(demo.contoso.adminAgent);
    const listed = expectOk(
      await contoso.query(
        '{ relationshipRequests(kind: CUSTOMER_INVITATION, status: PENDING) { nodes { id } } }',
      ),
    );
    expect(listed.relationshipRequests.nodes.map((n: any) => n.id)).toContain(request.id);
    // another provider, and a customer it is not addressed to yet, see nothing of it.
    for (const outsider of [
      await api.as(demo.fabrikam.globalAdmin),
      await api.as(demo.customers.alpine),
    ]) {
      const seen = expectOk(
        await outsider.query(
          'query($id: ID!) { node(id: $id) { id } relationshipRequests(first: 100) { nodes { id } } }',
          { id: request.id },
        ),
      );
      expect(seen.node).toBeNull();
      expect(seen.relationshipRequests.nodes.map((n: any) => n.id)).not.toContain(request.id);
    }

    const admin = await newCustomerAdmin();
    expect(
      expectOk(await admin.query(PREVIEW, { token })).relationshipRequestPreview,
    ).toMatchObject({
      kind: 'CUSTOMER_INVITATION',
      partnerName: 'Trey Research IT',
      indirectProviderName: 'Contoso Distribution',
      resellerRelationship: true,
      delegatedAdmin: true,
      message: 'We would love to serve you.',
    });
    const accepted = expectOk(
      await admin.query(ACCEPT, { input: { token, consent: true } }),
    ).acceptCustomerInvitation;
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.relationshipRequest.status).toBe('ACCEPTED');
    expect(accepted.relationships).toEqual([
      expect.objectContaining({
        partner: { name: 'Trey Research IT' },
        status: 'ACTIVE',
        resellerRelationship: true,
        delegatedAdmin: true,
        origin: 'CUSTOMER_INVITATION',
      }),
      expect.objectContaining({
        partner: { name: 'Contoso Distribution' },
        status: 'ACTIVE',
        resellerRelationship: true,
        delegatedAdmin: false,
        origin: 'CUSTOMER_INVITATION',
      }),
    ]);
    // Multi-partner: the customer keeps Adatum and now sees all three.
    expect(accepted.customer.partners.edges.map((e: any) => e.node.name).sort()).toEqual([
      'Adatum Cloud Services',
      'Contoso Distribution',
      'Trey Research IT',
    ]);
    // The provider now lists the customer under the reseller and may place orders.
    const customers = expectOk(
      await contoso.query(
        'query($r: ID) { customers(indirectResellerId: $r) { nodes { name } } }',
        {
          r: await orgId(api.dataSource, 'Trey Research IT'),
        },
      ),
    );
    expect(customers.customers.nodes.map((n: any) => n.name)).toContain(accepted.customer.name);

    // the reseller, the provider and the customer read the acceptance.
    for (const reader of [trey, contoso, admin]) {
      const log = expectOk(
        await reader.query(
          '{ auditLog(operation: "acceptCustomerInvitation") { nodes { resourceType resourceId } } }',
        ),
      );
      expect(log.auditLog.nodes).toEqual(
        expect.arrayContaining([{ resourceType: 'RelationshipRequest', resourceId: request.id }]),
      );
    }

    // Single use: the link does not work twice, not even for the same customer.
    expect(await refusedAccept(admin, token)).toMatchObject({
      code: 'INVITATION_INVALID',
      field: 'input.token',
    });
    expect(expectOk(await admin.query(PREVIEW, { token })).relationshipRequestPreview).toBeNull();
  });

  test('R-19 the demo invitation from Trey and Contoso is accepted by Munson\u2019s Pickles', async () => {
    const munson = await api.as(demo.customers.munson);
    const accepted = expectOk(
      await munson.query(ACCEPT, {
        input: { token: DEMO_CUSTOMER_INVITATION_TOKEN, consent: true },
      }),
    ).acceptCustomerInvitation;
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.relationships.map((r: any) => r.partner.name)).toEqual([
      'Trey Research IT',
      'Contoso Distribution',
    ]);
  });

  test('R-19 only a reseller with an ACTIVE partnership with the provider invites: RESELLER_NOT_PARTNERED, R-04, roles', async () => {
    const cases: Array<[string, string, string, string]> = [
      [demo.litware.globalAdmin, fabrikamId, 'RESELLER_NOT_PARTNERED', 'no partnership'],
      [demo.vanarsdel.globalAdmin, contosoId, 'RESELLER_NOT_PARTNERED', 'partnership REVOKED'],
      [demo.lucerne.globalAdmin, fabrikamId, 'RESELLER_NOT_PARTNERED', 'partnership INVITED'],
      [
        demo.contoso.globalAdmin,
        contosoId,
        'RESELLER_NOT_PARTNERED',
        'a provider is not a reseller',
      ],
      [demo.trey.adminAgent, toGlobalId('Partner', 999_999), 'RESELLER_NOT_PARTNERED', 'unknown'],
      [
        demo.trey.adminAgent,
        await orgId(api.dataSource, 'Litware Systems'),
        'RESELLER_NOT_PARTNERED',
        'a reseller is not a provider',
      ],
      [demo.southridge.globalAdmin, contosoId, 'AGREEMENT_NOT_ACCEPTED', 'R-04'],
    ];
    for (const [email, providerId, code, why] of cases) {
      const client = await api.as(email);
      const result = await expectDbUnchanged(api.dataSource, () =>
        client.query(INVITE, {
          input: { indirectProviderId: providerId, recipientEmail: 'someone@customer.example' },
        }),
      );
      const payload = expectOk(result).inviteCustomer;
      expect({ why, ...payload.userErrors[0] }).toMatchObject({ why, code });
      expect(payload.relationshipRequest).toBeNull();
    }
    for (const email of [demo.trey.helpdesk, demo.trey.billing, demo.customers.munson]) {
      const client = await api.as(email);
      const result = await expectDbUnchanged(api.dataSource, () =>
        client.query(INVITE, {
          input: { indirectProviderId: contosoId, recipientEmail: 'someone@customer.example' },
        }),
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    for (const [input, field] of [
      [{ indirectProviderId: contosoId, recipientEmail: 'nope' }, 'input.recipientEmail'],
      [{ indirectProviderId: 'bad', recipientEmail: 'a@b.example' }, 'input.indirectProviderId'],
      [
        { indirectProviderId: contosoId, recipientEmail: 'a@b.example', message: 'x'.repeat(2001) },
        'input.message',
      ],
    ] as const) {
      const result = await expectDbUnchanged(api.dataSource, () => trey.query(INVITE, { input }));
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  test('R-19 unknown, expired, used and foreign links are INVITATION_INVALID; consent is required', async () => {
    const admin = await newCustomerAdmin();
    const tenantDomain = lastTenantDomain;
    expect(await refusedAccept(admin, 'x'.repeat(43))).toMatchObject({
      code: 'INVITATION_INVALID',
    });

    const { token } = await inviteOk(trey, {
      indirectProviderId: fabrikamId,
      recipientEmail: 'expired@customer.example',
    });
    await api.dataSource.query(
      "UPDATE relationship_request SET expires_at = '2020-01-01 00:00:00.000' WHERE recipient_email = ?",
      ['expired@customer.example'],
    );
    expect(await refusedAccept(admin, token)).toMatchObject({ code: 'INVITATION_INVALID' });
    expect(expectOk(await admin.query(PREVIEW, { token })).relationshipRequestPreview).toBeNull();
    const expired = expectOk(
      await trey.query(
        '{ pending: relationshipRequests(status: PENDING, first: 100) { nodes { recipientEmail } } expired: relationshipRequests(status: EXPIRED) { nodes { recipientEmail status } } }',
      ),
    );
    expect(expired.expired.nodes).toEqual([
      { recipientEmail: 'expired@customer.example', status: 'EXPIRED' },
    ]);
    expect(expired.pending.nodes.map((n: any) => n.recipientEmail)).not.toContain(
      'expired@customer.example',
    );

    // A relationship request's token is not an invitation's.
    const fabrikam = await api.as(demo.fabrikam.adminAgent);
    expectOk(
      await fabrikam.query(
        'mutation($input: RequestCustomerRelationshipInput!) { requestCustomerRelationship(input: $input) { userErrors { code } } }',
        {
          input: {
            customerTenantDomain: tenantDomain,
            recipientEmail: 'other-kind@customer.example',
            delegatedAdmin: true,
          },
        },
      ),
    );
    const otherKind = await lastEmailedToken(api.dataSource, 'other-kind@customer.example');
    expect(await refusedAccept(admin, otherKind)).toMatchObject({ code: 'INVITATION_INVALID' });

    const { token: fresh } = await inviteOk(trey, {
      indirectProviderId: contosoId,
      recipientEmail: 'consent@customer.example',
    });
    const noConsent = await expectDbUnchanged(api.dataSource, () =>
      admin.query(ACCEPT, { input: { token: fresh, consent: false } }),
    );
    expect(noConsent.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.consent',
    });
    const malformed = await expectDbUnchanged(api.dataSource, () =>
      admin.query(ACCEPT, { input: { token: 'not a token!', consent: true } }),
    );
    expect(malformed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.token',
    });
    // Partners do not accept on a customer's behalf.
    const partner = await expectDbUnchanged(api.dataSource, () =>
      trey.query(ACCEPT, { input: { token: fresh, consent: true } }),
    );
    expect(partner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      expectOk(await trey.query(PREVIEW, { token: fresh })).relationshipRequestPreview,
    ).toBeNull();
  });

  test('R-19 the partnership and the region are checked again at acceptance, and a refusal leaves the link usable', async () => {
    const { token } = await inviteOk(trey, {
      indirectProviderId: contosoId,
      recipientEmail: 'revoked@customer.example',
    });
    const treyKey = Number(
      (await api.dataSource.query("SELECT id FROM organization WHERE name = 'Trey Research IT'"))[0]
        .id,
    );
    const contosoKey = Number(
      (
        await api.dataSource.query(
          "SELECT id FROM organization WHERE name = 'Contoso Distribution'",
        )
      )[0].id,
    );
    const admin = await newCustomerAdmin();
    await api.dataSource.query(
      "UPDATE partnership SET state = 'SUSPENDED' WHERE provider_id = ? AND reseller_id = ?",
      [contosoKey, treyKey],
    );
    try {
      expect(await refusedAccept(admin, token)).toMatchObject({ code: 'RESELLER_NOT_PARTNERED' });
    } finally {
      await api.dataSource.query(
        "UPDATE partnership SET state = 'ACTIVE' WHERE provider_id = ? AND reseller_id = ?",
        [contosoKey, treyKey],
      );
    }
    // Still PENDING: the refused acceptance rolled back; now it works.
    const accepted = expectOk(
      await admin.query(ACCEPT, { input: { token, consent: true } }),
    ).acceptCustomerInvitation;
    expect(accepted.userErrors).toEqual([]);

    // Proseware (France) and Fabrikam invite; a US customer cannot accept.
    const proseware = await api.as(demo.proseware.globalAdmin);
    const { token: european } = await inviteOk(proseware, {
      indirectProviderId: fabrikamId,
      recipientEmail: 'faraway@customer.example',
      delegatedAdmin: false,
    });
    const american = await newCustomerAdmin();
    expect(await refusedAccept(american, european)).toMatchObject({
      code: 'CUSTOMER_OUT_OF_REGION',
    });
    // A French customer (added by Fabrikam) can: Proseware gets no delegated admin, as the
    // invitation asked; Fabrikam's existing relationship already has all it needs and stays.
    const french = await newCustomerAdmin('FR');
    const ok = expectOk(
      await french.query(ACCEPT, { input: { token: european, consent: true } }),
    ).acceptCustomerInvitation;
    expect(ok.userErrors).toEqual([]);
    expect(ok.relationships.map((r: any) => [r.partner.name, r.delegatedAdmin])).toEqual([
      ['Proseware Consulting', false],
      ['Fabrikam Distribution', true],
    ]);
  });

  test('R-19 two customers racing for one link: exactly one gets the relationships', async () => {
    const { token } = await inviteOk(trey, {
      indirectProviderId: fabrikamId,
      recipientEmail: 'race@customer.example',
    });
    const [a, b] = [await newCustomerAdmin(), await newCustomerAdmin()];
    const results = await Promise.all([
      a.query(ACCEPT, { input: { token, consent: true } }),
      b.query(ACCEPT, { input: { token, consent: true } }),
    ]);
    const payloads = results.map((r) => expectOk(r).acceptCustomerInvitation);
    expect(payloads.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
    expect(payloads.flatMap((p) => p.userErrors.map((e: any) => e.code))).toEqual([
      'INVITATION_INVALID',
    ]);
    const [row] = await api.dataSource.query(
      'SELECT id, customer_id FROM relationship_request WHERE recipient_email = ?',
      ['race@customer.example'],
    );
    expect(
      await countRows(
        api.dataSource,
        'customer_relationship',
        "origin = 'CUSTOMER_INVITATION' AND customer_id = ?",
        [row.customer_id],
      ),
    ).toBe(2);
  });
});
