import { demo } from '../support/demo';
import { END, mpnIdOf, partnerGlobalId, REQUEST } from '../support/partnerships';
import { expectOk, startTestServer, type GqlClient, type TestServer } from '../support/test-server';

/** Every field of Partner, each edge with one field of its nodes. */
const PARTNER = `__typename id name mpnId kind status countryCode country { code } cspRegion { code }
  createdAt tenantDomain emailVerifiedAt reviewedAt reviewNote agreementAcceptedAt
  address { line1 line2 city region postalCode }
  primaryContact { name email phone } supportContact { name email phone }
  authorizedRegions { code } providerProfile { summary }
  customers(first: 5) { totalCount nodes { id } }
  subscriptions(first: 5) { totalCount nodes { id } }
  indirectResellers(first: 5) { totalCount nodes { id } }
  indirectProviders(first: 5) { totalCount nodes { id } }
  users(first: 5) { totalCount nodes { id } }`;

/** What a partner met only through a never-ACTIVE partnership reads as (R-30, section 7). */
const hiddenFields = {
  status: null,
  tenantDomain: null,
  emailVerifiedAt: null,
  reviewedAt: null,
  reviewNote: null,
  agreementAcceptedAt: null,
  address: { line1: null, line2: null, city: null, region: null, postalCode: null },
  primaryContact: { name: null, email: null, phone: null },
  supportContact: { name: null, email: null, phone: null },
  authorizedRegions: [],
  providerProfile: null,
  customers: { totalCount: 0, nodes: [] },
  subscriptions: { totalCount: 0, nodes: [] },
  indirectResellers: { totalCount: 0, nodes: [] },
  indirectProviders: { totalCount: 0, nodes: [] },
  users: { totalCount: 0, nodes: [] },
};

describe('R-30 a partner met only through a partnership that has never been ACTIVE', () => {
  let api: TestServer;
  let fabrikam: GqlClient;
  let lucerneId: string;
  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo', env: { RATE_LIMIT_POINTS_PER_MINUTE: '0' } });
    fabrikam = await api.as(demo.fabrikam.globalAdmin);
    lucerneId = await partnerGlobalId(api.dataSource, 'Lucerne IT Services');
  });
  afterAll(() => api.close());

  async function privateStrings(name: string): Promise<string[]> {
    const [row] = await api.dataSource.query(
      `SELECT tenant_domain, primary_contact_email, primary_contact_phone, support_contact_email,
              support_contact_phone, address_line1 FROM organization WHERE name = ?`,
      [name],
    );
    return Object.values(row as Record<string, string>).filter((v) => v && v.length >= 6);
  }

  test('node(id:): Fabrikam (invited Lucerne, never accepted) reads its name and MPN ID, not its contacts, address or tenant domain', async () => {
    const data = expectOk(
      await fabrikam.query(`query($id: ID!) { node(id: $id) { ... on Partner { ${PARTNER} } } }`, {
        id: lucerneId,
      }),
    );
    expect(data.node).toMatchObject({
      id: lucerneId,
      name: 'Lucerne IT Services',
      mpnId: await mpnIdOf(api.dataSource, 'Lucerne IT Services'),
      kind: 'INDIRECT_RESELLER',
      ...hiddenFields,
    });
    const raw = JSON.stringify(data);
    for (const secret of await privateStrings('Lucerne IT Services'))
      expect(raw).not.toContain(secret);
  });

  test('lists and edges alike: partners, indirectResellers, the partnership and invitation edges hide the same fields', async () => {
    const data = expectOk(
      await fabrikam.query(`{
        partners(search: "Lucerne") { nodes { ${PARTNER} } }
        indirectResellers(state: INVITED) { nodes { ${PARTNER} } edges { partnership { reseller { ${PARTNER} } } } }
        partnershipInvitations { nodes { recipientEmail partnership { reseller { name primaryContact { email } } } } }
        viewer { organization { ... on Partner { indirectResellers(state: INVITED) { nodes { name tenantDomain primaryContact { email } } } } } }
      }`),
    );
    const expected = { name: 'Lucerne IT Services', ...hiddenFields };
    expect(data.partners.nodes).toEqual([expect.objectContaining(expected)]);
    expect(data.indirectResellers.nodes).toEqual([expect.objectContaining(expected)]);
    expect(data.indirectResellers.edges[0].partnership.reseller).toMatchObject(expected);
    const lucerneInvitation = data.partnershipInvitations.nodes.find(
      (n: any) => n.partnership.reseller.name === 'Lucerne IT Services',
    );
    expect(lucerneInvitation).toEqual({
      recipientEmail: null,
      partnership: { reseller: { name: 'Lucerne IT Services', primaryContact: { email: null } } },
    });
    expect(data.viewer.organization.indirectResellers.nodes).toEqual([
      { name: 'Lucerne IT Services', tenantDomain: null, primaryContact: { email: null } },
    ]);
    const raw = JSON.stringify(data);
    for (const secret of await privateStrings('Lucerne IT Services'))
      expect(raw).not.toContain(secret);
  });

  test('both sides: Lucerne reads Fabrikam the same way until it accepts', async () => {
    const lucerne = await api.as(demo.lucerne.globalAdmin);
    const fabrikamId = await partnerGlobalId(api.dataSource, 'Fabrikam Distribution');
    const data = expectOk(
      await lucerne.query(`query($id: ID!) { node(id: $id) { ... on Partner { ${PARTNER} } } }`, {
        id: fabrikamId,
      }),
    );
    expect(data.node).toMatchObject({ name: 'Fabrikam Distribution', ...hiddenFields });
  });

  test('a partnership that was ACTIVE shows everything, even once REVOKED (Contoso and VanArsdel); so do the partner itself and the vendor', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const vanarsdelId = await partnerGlobalId(api.dataSource, 'VanArsdel Tech');
    const query = `query($id: ID!) { node(id: $id) { ... on Partner { status tenantDomain primaryContact { email } address { city } } } }`;
    const [row] = await api.dataSource.query(
      "SELECT tenant_domain AS t, primary_contact_email AS e FROM organization WHERE name = 'VanArsdel Tech'",
    );
    const full = {
      status: 'ACTIVE',
      tenantDomain: row.t,
      primaryContact: { email: row.e },
      address: { city: 'Monterrey' },
    };
    expect(expectOk(await contoso.query(query, { id: vanarsdelId })).node).toEqual(full);
    const vendor = await api.as(demo.vendor);
    expect(expectOk(await vendor.query(query, { id: vanarsdelId })).node).toEqual(full);
    const own = await api.as(demo.vanarsdel.globalAdmin);
    expect(expectOk(await own.query(query, { id: vanarsdelId })).node).toEqual(full);
  });

  test('the harvest walk: knowing an MPN ID, request, read and withdraw tells the provider nothing but name and MPN ID', async () => {
    const contoso = await api.as(demo.contoso.globalAdmin);
    const mpn = await mpnIdOf(api.dataSource, 'Southridge Solutions');
    const requested = expectOk(
      await contoso.query(
        `mutation($input: RequestPartnershipInput!) { requestPartnership(input: $input) {
          userErrors { code } partnership { id reseller { ${PARTNER} } }
          invitation { recipientEmail partnership { reseller { primaryContact { email } } } } } }`,
        { input: { resellerMpnId: mpn } },
      ),
    ).requestPartnership;
    expect(requested.userErrors).toEqual([]);
    expect(requested.partnership.reseller).toMatchObject({
      name: 'Southridge Solutions',
      ...hiddenFields,
    });
    expect(requested.invitation).toEqual({
      recipientEmail: null,
      partnership: { reseller: { primaryContact: { email: null } } },
    });
    const read = expectOk(
      await contoso.query(`query($id: ID!) { node(id: $id) { ... on Partner { ${PARTNER} } } }`, {
        id: requested.partnership.reseller.id,
      }),
    );
    expect(read.node).toMatchObject(hiddenFields);
    const ended = expectOk(
      await contoso.query(END, { input: { partnershipId: requested.partnership.id } }),
    );
    const audit = expectOk(
      await contoso.query('{ auditLog(first: 100) { nodes { oldValue newValue } } }'),
    );
    const raw = JSON.stringify([requested, read, ended, audit]);
    for (const secret of await privateStrings('Southridge Solutions'))
      expect(raw).not.toContain(secret);
    // The request still went to the reseller's primary contact.
    const [row] = await api.dataSource.query(
      "SELECT COUNT(*) AS n FROM email_outbox e JOIN organization o ON o.primary_contact_email = e.recipient WHERE o.name = 'Southridge Solutions'",
    );
    expect(Number(row.n)).toBeGreaterThan(0);
  });

  test('a recipient the provider typed itself stays readable to it', async () => {
    const fabrikamAgent = await api.as(demo.fabrikam.adminAgent);
    const mpn = await mpnIdOf(api.dataSource, 'Litware Systems');
    const requested = expectOk(
      await fabrikamAgent.query(REQUEST, {
        input: { resellerMpnId: mpn, recipientEmail: 'alliances@litware-typed.example' },
      }),
    ).requestPartnership;
    expect(requested.userErrors).toEqual([]);
    expect(requested.invitation.recipientEmail).toBe('alliances@litware-typed.example');
  });

  test('once Lucerne accepts, both read each other in full, in the acceptance payload already', async () => {
    const lucerne = await api.as(demo.lucerne.globalAdmin);
    const accepted = expectOk(
      await lucerne.query(
        `mutation { acceptPartnershipInvitation(input: { token: "demo-fabrikam-invites-lucerne", consent: true }) {
          userErrors { code } partnership { state provider { status primaryContact { email } } } } }`,
      ),
    ).acceptPartnershipInvitation;
    expect(accepted.userErrors).toEqual([]);
    const [fabrikamRow] = await api.dataSource.query(
      "SELECT primary_contact_email AS e FROM organization WHERE name = 'Fabrikam Distribution'",
    );
    expect(accepted.partnership).toEqual({
      state: 'ACTIVE',
      provider: { status: 'ACTIVE', primaryContact: { email: fabrikamRow.e } },
    });
    const [lucerneRow] = await api.dataSource.query(
      "SELECT primary_contact_email AS e, tenant_domain AS t FROM organization WHERE name = 'Lucerne IT Services'",
    );
    const read = expectOk(
      await fabrikam.query(
        'query($id: ID!) { node(id: $id) { ... on Partner { status tenantDomain primaryContact { email } } } }',
        { id: lucerneId },
      ),
    );
    expect(read.node).toEqual({
      status: 'ACTIVE',
      tenantDomain: lucerneRow.t,
      primaryContact: { email: lucerneRow.e },
    });
  });
});
