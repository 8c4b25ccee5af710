import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { buildGraphQLSchema } from '../../src/entry/schema';
import { ADD_CUSTOMER } from '../support/customers';
import { demo } from '../support/demo';
import { emailsTo } from '../support/outbox';
import { tokenOf } from '../support/partnerships';
import { Ids, SET_SUPPORT_CONTACT, SUBSCRIPTION_FIELDS } from '../support/subscriptions';
import { expectOk, startTestServer, type GqlClient, type TestServer } from '../support/test-server';

/*
 * The partner workflows end to end, as seeds 002 and 001 tell them, on the demo data: the
 * indirect provider Fabrikam invites the indirect reseller Litware, Litware accepts
 * Fabrikam adds Lamna Healthcare for Litware with two first subscriptions (R-15,
 * R-16) and sees the admin credentials once, designates Litware as support contact
 * then the direct-bill partner Adatum asks Lamna for delegated admin and Lamna's admin
 * accepts, which changes no subscription; and the audit log, read by each
 * organization, tells each its part of the story. docs/workflows.md walks the
 * same scenario in Sandbox.
 */

const LAMNA = {
  companyName: 'Lamna Healthcare',
  countryCode: 'CA',
  tenantDomainPrefix: 'lamnahealthcare',
  address: { line1: '200 Bay Street', city: 'Toronto', region: 'ON', postalCode: 'M5J 2J2' },
  companyContact: {
    name: 'Lena Lamna',
    email: 'lena@lamnahealthcare.example',
    phone: '+1 416 555 0150',
  },
  culture: 'en-CA',
};
const LAMNA_ADMIN = 'admin@lamnahealthcare.onmicrosoft.com';
const IDEMPOTENCY_KEY = '3d0c7a52-8f5e-4c47-9a5b-2a8f1c6e9b01';

const REQUEST_PARTNERSHIP = `mutation($input: RequestPartnershipInput!) {
  requestPartnership(input: $input) {
    partnership { id state provider { name } reseller { name } }
    invitation { recipientEmail message status }
    invitationLink
    userErrors { code field message }
  }
}`;

const ACCEPT_PARTNERSHIP = `mutation($input: AcceptPartnershipInvitationInput!) {
  acceptPartnershipInvitation(input: $input) {
    partnership { id state providerAdminAccess acceptedAt provider { name } reseller { name } }
    userErrors { code field message }
  }
}`;

const REQUEST_RELATIONSHIP = `mutation($input: RequestCustomerRelationshipInput!) {
  requestCustomerRelationship(input: $input) {
    relationshipRequest { id kind status delegatedAdmin resellerRelationship partner { name } customer { name } }
    invitationLink
    userErrors { code field message }
  }
}`;

const ACCEPT_RELATIONSHIP = `mutation($input: AcceptRelationshipRequestInput!) {
  acceptRelationshipRequest(input: $input) {
    relationshipRequest { status }
    relationships { status resellerRelationship delegatedAdmin origin partner { name } }
    userErrors { code field message }
  }
}`;

const AUDIT_LOG = `{ auditLog(first: 100) { totalCount nodes {
  operation resourceType resourceId requestId actorOrganization { name } actor { email }
} } }`;

interface AuditLine {
  operation: string;
  resourceType: string;
  resourceId: string;
  requestId: string;
  actorOrganization: { name: string } | null;
  actor: { email: string } | null;
}

/** The names of every type reachable from `root` by following fields, interfaces and unions. */
function reachable(schema: GraphQLSchema, root: GraphQLNamedType): Set<string> {
  const seen = new Set<string>();
  const visit = (type: GraphQLNamedType) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
    }
    // `node(id:)` returns a Node: every type implementing it is reachable through it.
    if (isInterfaceType(type) || isUnionType(type)) {
      for (const possible of schema.getPossibleTypes(type)) visit(possible);
    }
  };
  visit(root);
  return seen;
}

async function allRows(api: TestServer, table: string) {
  return api.dataSource.query(`SELECT * FROM ${table} ORDER BY id`);
}

describe('end to end: provider, reseller, customer and a second partner (seeds 002, 001)', () => {
  let api: TestServer;
  let ids: Ids;
  let fabrikam: GqlClient;
  let fabrikamAgent: GqlClient;
  let litware: GqlClient;
  let adatum: GqlClient;
  let lamna: GqlClient;
  // What the steps hand on to the next.
  let partnershipId: string;
  let customerId: string;
  let standardSubscription: { id: string; version: number };
  let temporaryPassword: string;
  let subscriptionsBeforeMultiPartner: unknown[];
  let relationshipsBeforeMultiPartner: unknown[];

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    ids = new Ids(api.dataSource);
    fabrikam = await api.as(demo.fabrikam.globalAdmin);
    fabrikamAgent = await api.as(demo.fabrikam.adminAgent);
    litware = await api.as(demo.litware.globalAdmin);
    adatum = await api.as(demo.adatum.globalAdmin);
  });
  afterAll(() => api.close());

  test('1. R-10 Fabrikam requests a partnership with Litware: an INVITED partnership and an email with the personal link', async () => {
    const [{ mpn_id: mpnId }] = await api.dataSource.query(
      "SELECT mpn_id FROM organization WHERE name = 'Litware Systems'",
    );
    const payload = expectOk(
      await fabrikam.query(REQUEST_PARTNERSHIP, {
        input: {
          resellerMpnId: mpnId,
          message: 'Fabrikam would like to be your distributor in North America.',
        },
      }),
    ).requestPartnership;
    expect(payload.userErrors).toEqual([]);
    expect(payload.partnership).toMatchObject({
      state: 'INVITED',
      provider: { name: 'Fabrikam Distribution' },
      reseller: { name: 'Litware Systems' },
    });
    partnershipId = payload.partnership.id;
    // the default recipient, Litware's primary contact, is not shown to Fabrikam yet.
    expect(payload.invitation.recipientEmail).toBeNull();
    const emails = await emailsTo(api.dataSource, 'partner.contact@litwaresystems.example');
    expect(emails).toHaveLength(1);
    expect(emails[0].body).toContain(
      'Fabrikam would like to be your distributor in North America.',
    );
    expect(emails[0].body).toContain(payload.invitationLink);
  });

  test('2. R-11, R-12 Litware accepts with consent, with the token of the emailed link: ACTIVE, each lists the other', async () => {
    const [email] = await emailsTo(api.dataSource, 'partner.contact@litwaresystems.example');
    const token = tokenOf(/https?:\/\/\S+/.exec(email.body)![0]);
    const payload = expectOk(
      await litware.query(ACCEPT_PARTNERSHIP, { input: { token, consent: true } }),
    ).acceptPartnershipInvitation;
    expect(payload.userErrors).toEqual([]);
    expect(payload.partnership).toMatchObject({
      id: partnershipId,
      state: 'ACTIVE',
      providerAdminAccess: true,
    });
    const providers = expectOk(
      await litware.query('{ indirectProviders { nodes { name } } }'),
    ).indirectProviders.nodes.map((n: { name: string }) => n.name);
    expect(providers).toContain('Fabrikam Distribution');
    const resellers = expectOk(
      await fabrikam.query('{ indirectResellers { nodes { name } } }'),
    ).indirectResellers.nodes.map((n: { name: string }) => n.name);
    expect(resellers).toContain('Litware Systems');
  });

  test('3. R-15, R-16, R-17 Fabrikam adds Lamna Healthcare for Litware with two subscriptions; the credentials come once', async () => {
    const litwareId = await ids.partner('Litware Systems');
    const input = {
      ...LAMNA,
      indirectResellerId: litwareId,
      subscriptions: [
        { offerId: await ids.offer('MS-365-BS-M'), quantity: 30, partnerOfRecordId: litwareId },
        { offerId: await ids.offer('D365-SALES-PRO'), quantity: 10 },
      ],
      idempotencyKey: IDEMPOTENCY_KEY,
    };
    const payload = expectOk(await fabrikamAgent.query(ADD_CUSTOMER, { input })).addCustomer;
    expect(payload.userErrors).toEqual([]);
    expect(payload).toMatchObject({
      customer: { name: 'Lamna Healthcare', tenantDomain: 'lamnahealthcare.onmicrosoft.com' },
      relationship: { status: 'ACTIVE', resellerRelationship: true, delegatedAdmin: true },
      designatedResellerRelationship: {
        partner: { name: 'Litware Systems' },
        delegatedAdmin: true,
        origin: 'DESIGNATED_RESELLER',
      },
      adminCredentials: { userName: LAMNA_ADMIN },
      subscriptions: [
        { quantity: 30, status: 'ACTIVE', partnerOfRecord: { name: 'Litware Systems' } },
        { quantity: 10, status: 'ACTIVE', partnerOfRecord: null },
      ],
      replayed: false,
    });
    customerId = payload.customer.id;
    temporaryPassword = payload.adminCredentials.temporaryPassword;
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
    standardSubscription = { id: payload.subscriptions[0].id, version: 1 };

    // A retry with the same key is the same customer, without the password.
    const replay = expectOk(await fabrikamAgent.query(ADD_CUSTOMER, { input })).addCustomer;
    expect(replay).toMatchObject({ replayed: true, adminCredentials: null, userErrors: [] });
    expect(replay.customer.id).toBe(customerId);
  });

  test('3b. R-17 no query can return the credentials, and the password is nowhere in the database', async () => {
    const schema = buildGraphQLSchema();
    expect(reachable(schema, schema.getQueryType()!).has('CustomerAdminCredentials')).toBe(false);
    expect(reachable(schema, schema.getMutationType()!).has('CustomerAdminCredentials')).toBe(true);
    for (const table of ['app_user', 'audit_record', 'email_outbox', 'idempotency_record']) {
      expect(JSON.stringify(await allRows(api, table))).not.toContain(temporaryPassword);
    }
    const [admin] = await api.dataSource.query('SELECT * FROM app_user WHERE email = ?', [
      LAMNA_ADMIN,
    ]);
    expect(admin.password_hash).toMatch(/^scrypt/);
    lamna = await api.as(LAMNA_ADMIN);
  });

  test('4. R-26 Fabrikam designates Litware as support contact; Litware reads the subscription and its customer', async () => {
    const payload = expectOk(
      await fabrikam.query(SET_SUPPORT_CONTACT, {
        input: {
          subscriptionId: standardSubscription.id,
          resellerId: await ids.partner('Litware Systems'),
          version: standardSubscription.version,
        },
      }),
    ).setSubscriptionSupportContact;
    expect(payload.userErrors).toEqual([]);
    expect(payload.subscription).toMatchObject({
      supportContact: { name: 'Litware Systems' },
      version: 2,
    });
    const read = expectOk(
      await litware.query(
        `query($id: ID!) { node(id: $id) { ... on Subscription { ${SUBSCRIPTION_FIELDS} } } }`,
        { id: standardSubscription.id },
      ),
    ).node;
    expect(read).toMatchObject({
      supportContact: { name: 'Litware Systems' },
      billingPartner: { name: 'Fabrikam Distribution' },
      customer: { id: customerId, name: 'Lamna Healthcare' },
    });
    const customer = expectOk(
      await litware.query('query($id: ID!) { node(id: $id) { ... on Customer { name } } }', {
        id: customerId,
      }),
    ).node;
    expect(customer).toEqual({ name: 'Lamna Healthcare' });
  });

  test("5. R-20 Adatum (direct-bill) asks Lamna for delegated admin; Lamna's admin accepts: three partners at once", async () => {
    subscriptionsBeforeMultiPartner = await allRows(api, 'subscription');
    relationshipsBeforeMultiPartner = await allRows(api, 'customer_relationship');
    const request = expectOk(
      await adatum.query(REQUEST_RELATIONSHIP, {
        input: {
          customerTenantDomain: 'lamnahealthcare.onmicrosoft.com',
          recipientEmail: LAMNA_ADMIN,
          delegatedAdmin: true,
          message: 'Adatum would like to manage your Azure workloads.',
        },
      }),
    ).requestCustomerRelationship;
    expect(request.userErrors).toEqual([]);
    expect(request.relationshipRequest).toMatchObject({
      kind: 'RELATIONSHIP_REQUEST',
      status: 'PENDING',
      delegatedAdmin: true,
      resellerRelationship: false,
    });
    const [email] = await emailsTo(api.dataSource, LAMNA_ADMIN);
    expect(email.body).toContain(request.invitationLink);

    const accepted = expectOk(
      await lamna.query(ACCEPT_RELATIONSHIP, {
        input: { token: tokenOf(request.invitationLink), consent: true },
      }),
    ).acceptRelationshipRequest;
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.relationships).toEqual([
      {
        status: 'ACTIVE',
        resellerRelationship: false,
        delegatedAdmin: true,
        origin: 'RELATIONSHIP_REQUEST',
        partner: { name: 'Adatum Cloud Services' },
      },
    ]);
    const partners = expectOk(
      await lamna.query(
        '{ viewer { organization { ... on Customer { partners { nodes { name } } } } } }',
      ),
    ).viewer.organization.partners.nodes.map((n: { name: string }) => n.name);
    expect(partners.sort()).toEqual(
      ['Adatum Cloud Services', 'Fabrikam Distribution', 'Litware Systems'].sort(),
    );
  });

  test("6. R-21 every existing subscription is unchanged, every column of every row; so are the other partners' relationships", async () => {
    expect(await allRows(api, 'subscription')).toEqual(subscriptionsBeforeMultiPartner);
    const relationships = await allRows(api, 'customer_relationship');
    expect(relationships.slice(0, relationshipsBeforeMultiPartner.length)).toEqual(
      relationshipsBeforeMultiPartner,
    );
    expect(relationships).toHaveLength(relationshipsBeforeMultiPartner.length + 1);
  });

  test('7. R-31, R-30 the audit log tells each organization its part of the story, in order, one transaction per step', async () => {
    const F = 'Fabrikam Distribution';
    const L = 'Litware Systems';
    const C = 'Lamna Healthcare';
    const A = 'Adatum Cloud Services';
    const fabrikamGlobal = demo.fabrikam.globalAdmin;
    const fabrikamAgentEmail = demo.fabrikam.adminAgent;
    // The whole story: each record, who made it, and which organizations may read it.
    const story: Array<[string, string, string, string, string[]]> = [
      ['requestPartnership', 'Partnership', F, fabrikamGlobal, [F, L]],
      ['acceptPartnershipInvitation', 'Partnership', L, demo.litware.globalAdmin, [F, L]],
      ['addCustomer', 'Customer', F, fabrikamAgentEmail, [F, L, C]],
      ['addCustomer', 'CustomerRelationship', F, fabrikamAgentEmail, [F, C]], // Fabrikam's
      ['addCustomer', 'CustomerRelationship', F, fabrikamAgentEmail, [F, L, C]], // Litware's
      ['addCustomer', 'User', F, fabrikamAgentEmail, [F, C]], // Lamna's admin
      ['addCustomer', 'Order', F, fabrikamAgentEmail, [F, L, C]],
      ['addCustomer', 'Subscription', F, fabrikamAgentEmail, [F, L, C]], // Litware partner of record
      ['addCustomer', 'Subscription', F, fabrikamAgentEmail, [F, C]],
      ['setSubscriptionSupportContact', 'Subscription', F, fabrikamGlobal, [F, L, C]],
      ['requestCustomerRelationship', 'RelationshipRequest', A, demo.adatum.globalAdmin, [A, C]],
      ['acceptRelationshipRequest', 'CustomerRelationship', C, LAMNA_ADMIN, [A, C]],
      ['acceptRelationshipRequest', 'RelationshipRequest', C, LAMNA_ADMIN, [A, C]],
    ];
    const readers = { [F]: fabrikam, [L]: litware, [C]: lamna, [A]: adatum };
    for (const [reader, client] of Object.entries(readers)) {
      const log = expectOk(await client.query(AUDIT_LOG)).auditLog.nodes as AuditLine[];
      const seen = log.map((r) => [
        r.operation,
        r.resourceType,
        r.actorOrganization?.name,
        r.actor?.email ?? null,
      ]);
      // Users of other organizations stay hidden; their organization is named.
      const expected = story
        .filter(([, , , , readBy]) => readBy.includes(reader))
        .map(([operation, type, by, email]) => [operation, type, by, by === reader ? email : null]);
      expect({ reader, log: seen }).toEqual({ reader, log: expected });
      // One request, one transaction: the records of a step share its request ID, and no other.
      const requestIds = new Map<string, Set<string>>();
      for (const r of log) {
        if (!requestIds.has(r.operation)) requestIds.set(r.operation, new Set());
        requestIds.get(r.operation)!.add(r.requestId);
      }
      expect([...requestIds.values()].every((set) => set.size === 1)).toBe(true);
      expect(new Set(log.map((r) => r.requestId)).size).toBe(requestIds.size);
      const resources = new Set(log.map((r) => r.resourceId));
      if (reader !== A) expect(resources).toContain(customerId);
      if (reader !== C && reader !== A) expect(resources).toContain(partnershipId);
    }
    const bystander = await api.as(demo.contoso.globalAdmin);
    expect(expectOk(await bystander.query(AUDIT_LOG)).auditLog.totalCount).toBe(0);
  });
});
