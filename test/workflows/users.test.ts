import { expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import { expectOk, startTestServer, type GqlClient, type TestServer } from '../support/test-server';

const USER_FIELDS = 'user { id email displayName roles status } userErrors { code field message }';
const CREATE = `mutation($input: CreatePartnerUserInput!) { createPartnerUser(input: $input) { ${USER_FIELDS} } }`;
const ROLES = `mutation($input: UpdatePartnerUserRolesInput!) { updatePartnerUserRoles(input: $input) { ${USER_FIELDS} } }`;
const DISABLE = `mutation($input: DisablePartnerUserInput!) { disablePartnerUser(input: $input) { ${USER_FIELDS} } }`;
const ENABLE = `mutation($input: EnablePartnerUserInput!) { enablePartnerUser(input: $input) { ${USER_FIELDS} } }`;
const AUDIT = `{ auditLog(first: 100) { nodes { operation resourceType resourceId actor { email } oldValue newValue } } }`;
const ACCEPT = `mutation { acceptPartnerAgreement(input: { consent: true }) { userErrors { code } } }`;

let serial = 0;
const newEmail = (domain = 'treyresearchit.example') => `colleague${++serial}@${domain}`;

describe('partner users (R-05)', () => {
  let api: TestServer;
  let treyGlobal: GqlClient;
  let treyAgent: GqlClient;
  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    treyGlobal = await api.as(demo.trey.globalAdmin);
    treyAgent = await api.as(demo.trey.adminAgent);
  });
  afterAll(() => api.close());

  async function userId(email: string): Promise<string> {
    const [row] = await api.dataSource.query('SELECT id FROM app_user WHERE email = ?', [email]);
    return Buffer.from(`User:${row.id}`).toString('base64url');
  }

  async function create(client: GqlClient, roles: string[], email = newEmail()) {
    const data = expectOk(
      await client.query(CREATE, { input: { email, displayName: 'Casey Colleague', roles } }),
    );
    expect(data.createPartnerUser.userErrors).toEqual([]);
    return data.createPartnerUser.user;
  }

  test('R-05 a GLOBAL_ADMIN or ADMIN_AGENT adds a user to its own partner; the audit log records it for that partner only', async () => {
    const email = newEmail();
    const data = expectOk(
      await treyAgent.query(CREATE, {
        input: {
          email: email.toUpperCase(),
          displayName: '  Casey Colleague ',
          roles: ['SALES_AGENT', 'HELPDESK_AGENT', 'SALES_AGENT'],
        },
      }),
    ).createPartnerUser;
    expect(data.userErrors).toEqual([]);
    expect(data.user).toMatchObject({
      email,
      displayName: 'Casey Colleague',
      roles: ['HELPDESK_AGENT', 'SALES_AGENT'],
      status: 'ACTIVE',
    });

    const users = expectOk(
      await treyGlobal.query(
        '{ viewer { organization { ... on Partner { users(first: 100) { nodes { email } } } } } }',
      ),
    ).viewer.organization.users.nodes.map((u: any) => u.email);
    expect(users).toContain(email);

    // The new user can sign in and acts with its roles.
    const casey = await api.as(email);
    expect(expectOk(await casey.query('{ viewer { roles } }')).viewer.roles).toEqual([
      'HELPDESK_AGENT',
      'SALES_AGENT',
    ]);

    const log = expectOk(await treyGlobal.query(AUDIT)).auditLog.nodes;
    expect(log).toContainEqual(
      expect.objectContaining({
        operation: 'createPartnerUser',
        resourceType: 'User',
        resourceId: data.user.id,
        actor: { email: demo.trey.adminAgent },
        oldValue: null,
        newValue: expect.objectContaining({ email, roles: ['HELPDESK_AGENT', 'SALES_AGENT'] }),
      }),
    );
    const contosoLog = expectOk(await (await api.as(demo.contoso.globalAdmin)).query(AUDIT));
    expect(contosoLog.auditLog.nodes.filter((r: any) => r.resourceId === data.user.id)).toEqual([]);
  });

  test('R-05 only GLOBAL_ADMIN/ADMIN_AGENT of a partner manage users: other roles and organizations are FORBIDDEN, no token UNAUTHENTICATED', async () => {
    const input = { email: newEmail(), displayName: 'Nobody', roles: ['SALES_AGENT'] };
    for (const email of [
      demo.trey.sales,
      demo.trey.helpdesk,
      demo.trey.billing,
      demo.vendor,
      demo.customers.northwind,
    ]) {
      const result = await expectDbUnchanged(api.dataSource, async () =>
        (await api.as(email)).query(CREATE, { input }),
      );
      expect({ email, code: result.errors?.[0]?.extensions?.code }).toEqual({
        email,
        code: 'FORBIDDEN',
      });
    }
    const anonymous = await expectDbUnchanged(api.dataSource, () =>
      api.anonymous.query(CREATE, { input }),
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('R-05 emails are unique (ALREADY_EXISTS); roles must be partner roles and the input well-formed (BAD_USER_INPUT); nothing changes', async () => {
    for (const email of [demo.trey.sales, demo.contoso.sales.toUpperCase()]) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        treyGlobal.query(CREATE, { input: { email, displayName: 'Dup', roles: ['SALES_AGENT'] } }),
      );
      expect(expectOk(result).createPartnerUser).toEqual({
        user: null,
        userErrors: [expect.objectContaining({ code: 'ALREADY_EXISTS', field: 'input.email' })],
      });
    }
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ roles: ['VENDOR_ADMIN'] }, 'input.roles'],
      [{ roles: ['SALES_AGENT', 'CUSTOMER_ADMIN'] }, 'input.roles'],
      [{ roles: [] }, 'input.roles'],
      [{ email: 'not-an-email' }, 'input.email'],
      [{ displayName: ' ' }, 'input.displayName'],
      [{ displayName: 'x'.repeat(201) }, 'input.displayName'],
    ];
    for (const [override, field] of bad) {
      const input = { email: newEmail(), displayName: 'Ok', roles: ['SALES_AGENT'], ...override };
      const result = await expectDbUnchanged(api.dataSource, () =>
        treyGlobal.query(CREATE, { input }),
      );
      expect({ field, extensions: result.errors?.[0]?.extensions }).toMatchObject({
        field,
        extensions: { code: 'BAD_USER_INPUT', field },
      });
    }
    const sales = await userId(demo.trey.sales);
    const wrongRoles = await expectDbUnchanged(api.dataSource, () =>
      treyGlobal.query(ROLES, { input: { userId: sales, roles: ['VENDOR_ADMIN'] } }),
    );
    expect(wrongRoles.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.roles',
    });
  });

  test('R-05 only a GLOBAL_ADMIN grants or removes GLOBAL_ADMIN: an ADMIN_AGENT gets FORBIDDEN, nothing changes', async () => {
    const attempt = await expectDbUnchanged(api.dataSource, () =>
      treyAgent.query(CREATE, {
        input: { email: newEmail(), displayName: 'Would-be admin', roles: ['GLOBAL_ADMIN'] },
      }),
    );
    expect(attempt.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(attempt.data?.createPartnerUser ?? null).toBeNull();

    const helper = await create(treyAgent, ['SALES_AGENT']);
    const grant = await expectDbUnchanged(api.dataSource, () =>
      treyAgent.query(ROLES, { input: { userId: helper.id, roles: ['GLOBAL_ADMIN'] } }),
    );
    expect(grant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // A GLOBAL_ADMIN can; then the ADMIN_AGENT can neither remove it nor disable that admin.
    const granted = expectOk(
      await treyGlobal.query(ROLES, {
        input: { userId: helper.id, roles: ['GLOBAL_ADMIN', 'SALES_AGENT'] },
      }),
    ).updatePartnerUserRoles;
    expect(granted.userErrors).toEqual([]);
    expect(granted.user.roles).toEqual(['GLOBAL_ADMIN', 'SALES_AGENT']);
    const remove = await expectDbUnchanged(api.dataSource, () =>
      treyAgent.query(ROLES, { input: { userId: helper.id, roles: ['SALES_AGENT'] } }),
    );
    expect(remove.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const disable = await expectDbUnchanged(api.dataSource, () =>
      treyAgent.query(DISABLE, { input: { userId: helper.id } }),
    );
    expect(disable.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Other changes to a global admin's roles are the ADMIN_AGENT's to make.
    const keep = expectOk(
      await treyAgent.query(ROLES, {
        input: { userId: helper.id, roles: ['GLOBAL_ADMIN', 'BILLING_ADMIN'] },
      }),
    ).updatePartnerUserRoles;
    expect(keep.userErrors).toEqual([]);
    expect(keep.user.roles).toEqual(['BILLING_ADMIN', 'GLOBAL_ADMIN']);

    const log = expectOk(await treyGlobal.query(AUDIT)).auditLog.nodes.filter(
      (r: any) => r.resourceId === helper.id && r.operation === 'updatePartnerUserRoles',
    );
    expect(log.map((r: any) => [r.oldValue.roles, r.newValue.roles])).toEqual([
      [['SALES_AGENT'], ['GLOBAL_ADMIN', 'SALES_AGENT']],
      [
        ['GLOBAL_ADMIN', 'SALES_AGENT'],
        ['BILLING_ADMIN', 'GLOBAL_ADMIN'],
      ],
    ]);
  });

  test('R-05 a user of another organization is NOT_FOUND, exactly like an unknown one', async () => {
    const foreign = await userId(demo.contoso.sales);
    const unknown = Buffer.from('User:999999').toString('base64url');
    for (const target of [foreign, unknown]) {
      for (const [query, input] of [
        [ROLES, { userId: target, roles: ['SALES_AGENT'] }],
        [DISABLE, { userId: target }],
        [ENABLE, { userId: target }],
      ] as const) {
        const result = await expectDbUnchanged(api.dataSource, () =>
          treyGlobal.query(query, { input }),
        );
        const payload = Object.values(expectOk(result))[0] as any;
        expect(payload).toEqual({
          user: null,
          userErrors: [{ code: 'NOT_FOUND', field: 'input.userId', message: 'No such user.' }],
        });
      }
    }
    const notAUser = await treyGlobal.query(DISABLE, {
      input: { userId: Buffer.from('Partner:1').toString('base64url') },
    });
    expect(notAUser.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.userId',
    });
  });

  test('R-05 a partner keeps at least one active GLOBAL_ADMIN: removing or disabling the last is INVALID_STATE', async () => {
    // Southridge has one user, its only GLOBAL_ADMIN.
    const sam = await api.as(demo.southridge.globalAdmin);
    const samId = await userId(demo.southridge.globalAdmin);
    const demote = await expectDbUnchanged(api.dataSource, () =>
      sam.query(ROLES, { input: { userId: samId, roles: ['ADMIN_AGENT'] } }),
    );
    expect(expectOk(demote).updatePartnerUserRoles.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: 'input.userId' }),
    ]);

    // With a second active GLOBAL_ADMIN the first may step down; that one is then the last.
    const second = await create(sam, ['GLOBAL_ADMIN'], newEmail('southridgesolutions.example'));
    const stepDown = expectOk(
      await sam.query(ROLES, { input: { userId: samId, roles: ['ADMIN_AGENT'] } }),
    ).updatePartnerUserRoles;
    expect(stepDown.userErrors).toEqual([]);
    const other = await api.as(second.email);
    const disableLast = await expectDbUnchanged(api.dataSource, () =>
      other.query(DISABLE, { input: { userId: second.id } }),
    );
    expect(expectOk(disableLast).disablePartnerUser.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE' }),
    ]);
    const demoteLast = await expectDbUnchanged(api.dataSource, () =>
      other.query(ROLES, { input: { userId: second.id, roles: ['SALES_AGENT'] } }),
    );
    expect(expectOk(demoteLast).updatePartnerUserRoles.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE' }),
    ]);
  });

  test('R-05 two global admins demoting each other at once: one wins, the partner keeps a GLOBAL_ADMIN', async () => {
    const lia = await api.as(demo.litware.globalAdmin);
    const second = await create(
      lia,
      ['GLOBAL_ADMIN', 'ADMIN_AGENT'],
      newEmail('litwaresystems.example'),
    );
    const liaId = await userId(demo.litware.globalAdmin);
    const other = await api.as(second.email);
    const results = await Promise.all([
      lia.query(ROLES, { input: { userId: second.id, roles: ['ADMIN_AGENT'] } }),
      other.query(ROLES, { input: { userId: liaId, roles: ['ADMIN_AGENT'] } }),
    ]);
    const [row] = await api.dataSource.query(
      "SELECT COUNT(*) AS n FROM app_user u JOIN organization o ON o.id = u.organization_id WHERE o.name = 'Litware Systems' AND u.status = 'ACTIVE' AND u.roles LIKE '%GLOBAL_ADMIN%'",
    );
    expect(Number(row.n)).toBe(1);
    // One wins. The other either meets the rule (INVALID_STATE) or, when the winner committed
    // before it started, has lost GLOBAL_ADMIN itself and may no longer remove it (FORBIDDEN).
    const outcomes = results.map((r) =>
      r.errors?.length
        ? r.errors[0].extensions?.code
        : (r.data.updatePartnerUserRoles.userErrors[0]?.code ?? 'OK'),
    );
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'OK')).toEqual([
      expect.stringMatching(/^(INVALID_STATE|FORBIDDEN)$/),
    ]);
  });

  test('R-05 R-30 a disabled user cannot change or read anything at once; enabling restores it', async () => {
    const casey = await create(treyGlobal, ['ADMIN_AGENT']);
    const client = await api.as(casey.email);
    const disabled = expectOk(
      await treyAgent.query(DISABLE, { input: { userId: casey.id } }),
    ).disablePartnerUser;
    expect(disabled).toMatchObject({ user: { status: 'DISABLED' }, userErrors: [] });

    const write = await expectDbUnchanged(api.dataSource, () =>
      client.query(CREATE, {
        input: { email: newEmail(), displayName: 'Ghost', roles: ['SALES_AGENT'] },
      }),
    );
    expect(write.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // reads are refused at once too, although the token has not expired.
    const read = await client.query('{ viewer { user { status } } }');
    expect(read.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(read.data ?? null).toBeNull();

    // Disabling again changes nothing; a user cannot disable itself.
    const again = await expectDbUnchanged(api.dataSource, () =>
      treyAgent.query(DISABLE, { input: { userId: casey.id } }),
    );
    expect(expectOk(again).disablePartnerUser.userErrors).toEqual([]);
    const self = await expectDbUnchanged(api.dataSource, async () =>
      treyAgent.query(DISABLE, { input: { userId: await userId(demo.trey.adminAgent) } }),
    );
    expect(expectOk(self).disablePartnerUser.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: 'input.userId' }),
    ]);

    const enabled = expectOk(
      await treyAgent.query(ENABLE, { input: { userId: casey.id } }),
    ).enablePartnerUser;
    expect(enabled).toMatchObject({ user: { status: 'ACTIVE' }, userErrors: [] });
    const works = expectOk(
      await client.query(CREATE, {
        input: { email: newEmail(), displayName: 'Back', roles: ['SALES_AGENT'] },
      }),
    );
    expect(works.createPartnerUser.userErrors).toEqual([]);

    const ops = expectOk(await treyGlobal.query(AUDIT))
      .auditLog.nodes.filter((r: any) => r.resourceId === casey.id)
      .map((r: any) => [r.operation, r.newValue.status]);
    expect(ops).toEqual([
      ['createPartnerUser', 'ACTIVE'],
      ['disablePartnerUser', 'DISABLED'],
      ['enablePartnerUser', 'ACTIVE'],
    ]);
  });

  test('R-05 a role taken away stops at once: the token still claims it, the mutation is FORBIDDEN', async () => {
    const pierre = await api.as(demo.proseware.globalAdmin);
    const deputy = await create(
      pierre,
      ['ADMIN_AGENT', 'GLOBAL_ADMIN'],
      newEmail('prosewareconsulting.example'),
    );
    const client = await api.as(deputy.email);
    expectOk(await pierre.query(ROLES, { input: { userId: deputy.id, roles: ['SALES_AGENT'] } }));
    const result = await expectDbUnchanged(api.dataSource, () => client.query(ACCEPT));
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
