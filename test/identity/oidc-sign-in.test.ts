import { captureLog } from '../support/log-capture';
import { demo } from '../support/demo';
import { post, startTestServer, type TestServer } from '../support/test-server';
import { API_AUDIENCE, newSigningKey, startTestIdp, type TestIdp } from '../support/test-idp';
import { User } from '../../src/identity/user.entity';
import { ExternalIdentity } from '../../src/identity/external-identity.entity';
import { emailsTo } from '../support/outbox';

const VIEWER = '{ viewer { roles user { email } organization { name } } }';

function oidcEnv(idp: TestIdp): Record<string, string> {
  return {
    OIDC_ISSUER: idp.issuer,
    OIDC_AUDIENCE: API_AUDIENCE,
    OIDC_JWKS_COOLDOWN_SECONDS: '1',
    OIDC_FETCH_TIMEOUT_MS: '500',
  };
}

const ask = (api: TestServer, token: string) =>
  post(`${api.url}graphql`, { query: VIEWER }, { authorization: `Bearer ${token}` });

async function link(api: TestServer, email: string, issuer: string, subject: string) {
  const user = await api.dataSource.getRepository(User).findOneByOrFail({ email });
  await api.dataSource
    .getRepository(ExternalIdentity)
    .insert({ userId: user.id, issuer, subject, linkedAt: new Date(), linkedByUserId: null });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sign-in with an OpenID Connect provider (SPEC section 1)', () => {
  let idp: TestIdp;
  let api: TestServer;

  beforeAll(async () => {
    idp = await startTestIdp('RS256');
    api = await startTestServer({ seed: 'demo', env: oidcEnv(idp) });
    await link(api, demo.contoso.sales, idp.issuer, 'person-sales');
  });
  afterAll(async () => {
    await api.close();
    await idp.stop();
  });

  test('discovery: the server finds the keys through the issuer and reports ready', async () => {
    const discovery = (await (
      await fetch(`${idp.issuer}/.well-known/openid-configuration`)
    ).json()) as { jwks_uri: string };
    expect(discovery.jwks_uri).toMatch(/^http:\/\/127\.0\.0\.1/);
    expect((await fetch(`${api.url}readyz`)).status).toBe(200);
  });

  test('a person token (authorization code with PKCE) of an unlinked person is UNAUTHENTICATED', async () => {
    const token = await idp.personToken('person-nobody');
    const result = await ask(api, token);
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a linked person acts as the user, with the stored roles and none from the token', async () => {
    const token = await idp.personToken('person-sales');
    const result = await ask(api, token);
    expect(result.errors).toBeUndefined();
    expect(result.data.viewer).toEqual({
      roles: ['SALES_AGENT'],
      user: { email: demo.contoso.sales },
      organization: { name: 'Contoso Distribution' },
    });
    // Claims of this server's own tokens mean nothing in a provider's token.
    const forged = await idp.forge({
      sub: 'person-sales',
      roles: ['GLOBAL_ADMIN', 'VENDOR_ADMIN'],
      org: 1,
      org_type: 'VENDOR',
    });
    expect((await ask(api, forged)).data.viewer.roles).toEqual(['SALES_AGENT']);
  });

  test('a linked person who is disabled is refused at once', async () => {
    await link(api, demo.contoso.billing, idp.issuer, 'person-billing');
    const token = await idp.personToken('person-billing');
    expect((await ask(api, token)).data.viewer.user.email).toBe(demo.contoso.billing);
    await api.dataSource
      .getRepository(User)
      .update({ email: demo.contoso.billing }, { status: 'DISABLED' as never });
    expect((await ask(api, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('an app-only token (client credentials) of an unregistered application is UNAUTHENTICATED', async () => {
    idp.addClient('integration-unregistered', 'a-secret-held-by-the-provider-only');
    const token = await idp.clientToken(
      'integration-unregistered',
      'a-secret-held-by-the-provider-only',
    );
    const result = await ask(api, token);
    expect(result.status).toBe(401);
    expect(result.errors?.[0].message).toMatch(/not registered as an API client/);
  });

  test('expired, wrong-audience, foreign-issuer and foreign-key tokens are refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      await idp.forge({ sub: 'person-sales' }, { exp: now - 120 }),
      await idp.forge({ sub: 'person-sales', aud: 'https://another-api.example' }),
      await idp.forge({ sub: 'person-sales', iss: 'https://evil.example' }),
      // Signed by a key the provider never published, under a kid it never used.
      await idp.forge({ sub: 'person-sales' }, { key: await newSigningKey('RS256') }),
    ];
    for (const token of cases) {
      const result = await ask(api, token);
      expect(result.status).toBe(401);
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  test('key rotation: a new kid (ES256) is fetched, the retired key stops working', async () => {
    const before = await idp.personToken('person-sales');
    expect((await ask(api, before)).data.viewer.user.email).toBe(demo.contoso.sales);
    await idp.rotate('ES256');
    await sleep(1100); // the JWKS cooldown of this server
    const after = await idp.personToken('person-sales');
    expect(JSON.parse(Buffer.from(after.split('.')[0], 'base64url').toString()).alg).toBe('ES256');
    const fresh = await ask(api, after);
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data.viewer.user.email).toBe(demo.contoso.sales);
    const old = await ask(api, before);
    expect(old.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(old.errors?.[0].message).toMatch(/unknown key/);
  });
});

describe('the identity provider down', () => {
  test('callers get UNAUTHENTICATED, /readyz fails and the operator gets a log line', async () => {
    const idp = await startTestIdp('RS256');
    const log = captureLog('warn');
    const api = await startTestServer({ seed: 'demo', env: oidcEnv(idp), logger: log.logger });
    try {
      await link(api, demo.contoso.sales, idp.issuer, 'person-sales');
      const token = await idp.personToken('person-sales');
      await idp.stop();
      const result = await ask(api, token);
      expect(result.status).toBe(401);
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.errors?.[0].message).toMatch(/identity provider cannot be reached/);
      expect((await fetch(`${api.url}readyz`)).status).toBe(503);
      expect(
        log.lines.some((l) => l.level === 40 && /identity provider unreachable/.test(l.msg)),
      ).toBe(true);
    } finally {
      await api.close();
    }
  });
});

describe('linking an identity through the API (SPEC section 1)', () => {
  const LINK = `mutation ($input: LinkExternalIdentityInput!) {
    linkExternalIdentity(input: $input) {
      user { email } externalIdentity { issuer subject }
      userErrors { code field }
    }
  }`;
  let idp: TestIdp;
  let api: TestServer;

  beforeAll(async () => {
    idp = await startTestIdp('ES256');
    api = await startTestServer({ seed: 'demo', env: oidcEnv(idp) });
  });
  afterAll(async () => {
    await api.close();
    await idp.stop();
  });

  const userId = async (email: string) => {
    const result = await (await api.as(email)).query('{ viewer { user { id } } }');
    return result.data.viewer.user.id as string;
  };

  test('an administrator links a colleague by issuer and subject; the link is audited and signs the person in', async () => {
    const token = await idp.personToken('person-helpdesk');
    expect((await ask(api, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const admin = await api.as(demo.contoso.adminAgent);
    const input = {
      userId: await userId(demo.contoso.helpdesk),
      issuer: idp.issuer,
      subject: 'person-helpdesk',
    };
    const linked = await admin.query(LINK, { input });
    expect(linked.data.linkExternalIdentity).toEqual({
      user: { email: demo.contoso.helpdesk },
      externalIdentity: { issuer: idp.issuer, subject: 'person-helpdesk' },
      userErrors: [],
    });
    expect((await ask(api, token)).data.viewer).toEqual({
      roles: ['HELPDESK_AGENT'],
      user: { email: demo.contoso.helpdesk },
      organization: { name: 'Contoso Distribution' },
    });
    const audit = (await api.dataSource.query(
      `SELECT operation, new_value FROM audit_record WHERE operation = 'linkExternalIdentity'`,
    )) as Array<{ new_value: string }>;
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].new_value)).toEqual({
      externalIdentity: { issuer: idp.issuer, subject: 'person-helpdesk' },
    });

    // One identity names one user; a user has one identity per issuer.
    const again = await admin.query(LINK, {
      input: { ...input, userId: await userId(demo.contoso.sales) },
    });
    expect(again.data.linkExternalIdentity.userErrors).toEqual([
      { code: 'ALREADY_EXISTS', field: 'input.subject' },
    ]);
    const second = await admin.query(LINK, { input: { ...input, subject: 'someone-else' } });
    expect(second.data.linkExternalIdentity.userErrors).toEqual([
      { code: 'ALREADY_EXISTS', field: 'input.issuer' },
    ]);
  });

  test("an ADMIN_AGENT may not link a GLOBAL_ADMIN's identity, nor anyone link another organization's user", async () => {
    const admin = await api.as(demo.contoso.adminAgent);
    const toGlobal = await admin.query(LINK, {
      input: {
        userId: await userId(demo.contoso.globalAdmin),
        issuer: idp.issuer,
        subject: 'takeover-attempt',
      },
    });
    expect(toGlobal.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const foreign = await admin.query(LINK, {
      input: {
        userId: await userId(demo.fabrikam.adminAgent),
        issuer: idp.issuer,
        subject: 'takeover-attempt',
      },
    });
    expect(foreign.data.linkExternalIdentity.userErrors).toEqual([
      { code: 'NOT_FOUND', field: 'input.userId' },
    ]);
    const bad = await admin.query(LINK, {
      input: { userId: await userId(demo.contoso.sales), issuer: 'not a url', subject: 'x' },
    });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a single-use link sent by the organization links the person who redeems it, once', async () => {
    const SEND = `mutation ($input: SendIdentityLinkInput!) {
      sendIdentityLink(input: $input) { user { email } expiresAt userErrors { code } }
    }`;
    const REDEEM = `mutation ($input: RedeemIdentityLinkInput!) {
      redeemIdentityLink(input: $input) { user { email } userErrors { code field } }
    }`;
    const admin = await api.as(demo.contoso.globalAdmin);
    const sent = await admin.query(SEND, { input: { userId: await userId(demo.contoso.billing) } });
    expect(sent.data.sendIdentityLink).toMatchObject({
      user: { email: demo.contoso.billing },
      userErrors: [],
    });
    const [email] = (await emailsTo(api.dataSource, demo.contoso.billing)).filter(
      (e) => e.kind === 'identity-link',
    );
    const linkToken = decodeURIComponent(/token=(\S+)/.exec(email.body)![1]);
    const personToken = await idp.personToken('person-billing-2');
    expect((await ask(api, personToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    // A token of this server, or none of the provider's, proves nothing about the person.
    const hsToken = await api.tokenFor(demo.contoso.billing);
    const withHs = await api.anonymous.query(REDEEM, {
      input: { token: linkToken, accessToken: hsToken },
    });
    expect(withHs.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const redeemed = await api.anonymous.query(REDEEM, {
      input: { token: linkToken, accessToken: personToken },
    });
    expect(redeemed.data.redeemIdentityLink).toEqual({
      user: { email: demo.contoso.billing },
      userErrors: [],
    });
    expect((await ask(api, personToken)).data.viewer.user.email).toBe(demo.contoso.billing);
    const audit = (await api.dataSource.query(
      `SELECT operation FROM audit_record WHERE operation IN ('sendIdentityLink', 'redeemIdentityLink') ORDER BY id`,
    )) as Array<{ operation: string }>;
    expect(audit.map((a) => a.operation)).toEqual(['sendIdentityLink', 'redeemIdentityLink']);

    const again = await api.anonymous.query(REDEEM, {
      input: { token: linkToken, accessToken: await idp.personToken('person-other') },
    });
    expect(again.data.redeemIdentityLink.userErrors).toEqual([
      { code: 'INVITATION_INVALID', field: 'input.token' },
    ]);
  });
});
