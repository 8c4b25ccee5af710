import { createHash } from 'node:crypto';
import { toSqlDateTime } from '../../src/db/sql';
import { countRows, expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import { emailsTo, verificationTokenFor } from '../support/outbox';
import { expectOk, startTestServer, type TestServer } from '../support/test-server';

const PARTNER_FIELDS = `id name kind status mpnId tenantDomain countryCode cspRegion { code }
  primaryContact { name email phone } supportContact { name email phone }
  address { line1 city postalCode } emailVerifiedAt reviewedAt reviewNote agreementAcceptedAt`;

const ENROLL = `mutation($input: EnrollPartnerInput!) {
  enrollPartner(input: $input) { partner { ${PARTNER_FIELDS} } userErrors { code field message } }
}`;
const VERIFY = `mutation($input: VerifyPartnerEmailInput!) {
  verifyPartnerEmail(input: $input) { partner { id status emailVerifiedAt } userErrors { code field message } }
}`;
const RESEND = `mutation($input: ResendPartnerEmailVerificationInput!) {
  resendPartnerEmailVerification(input: $input) { partner { status primaryContact { email } } userErrors { code field message } }
}`;
const REVIEW = `mutation($input: ReviewPartnerEnrollmentInput!) {
  reviewPartnerEnrollment(input: $input) { partner { id status reviewedAt reviewNote } userErrors { code field message } }
}`;
const ACCEPT = `mutation { acceptPartnerAgreement(input: { consent: true }) {
  partner { status agreementAcceptedAt } userErrors { code field message } } }`;
const AUDIT = `{ auditLog(first: 100) { nodes { operation resourceType resourceId actor { email } oldValue newValue } } }`;

let serial = 0;

/** A valid enrollment of a fresh company; every unique field differs per call. */
function enrollment(overrides: Record<string, unknown> = {}) {
  const n = ++serial;
  return {
    legalBusinessName: `Northbridge Systems ${n} GmbH`,
    address: { line1: `Leopoldstrasse ${n}`, city: 'Munich', postalCode: '80802' },
    countryCode: 'DE',
    mpnId: String(7_100_000 + n),
    tenantDomainPrefix: `northbridge${n}`,
    primaryContact: {
      name: 'Nora Brandt',
      email: `nora.brandt${n}@northbridge${n}.example`,
      phone: '+49 89 555 0142',
    },
    supportContact: {
      name: 'Northbridge Support',
      email: `support@northbridge${n}.example`,
      phone: '+49 89 555 0199',
    },
    administrator: { displayName: 'Nils Admin', email: `admin@northbridge${n}.example` },
    ...overrides,
  };
}

describe('partner enrollment (R-01, R-02, R-03, R-07)', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  /** Enrolls without a token and returns the partner and the emailed verification token. */
  async function enroll(input = enrollment()) {
    const data = expectOk(await api.anonymous.query(ENROLL, { input }));
    expect(data.enrollPartner.userErrors).toEqual([]);
    const token = await verificationTokenFor(api.dataSource, input.primaryContact.email);
    return { input, partner: data.enrollPartner.partner, token };
  }

  async function verify(token: string) {
    return expectOk(await api.anonymous.query(VERIFY, { input: { token } })).verifyPartnerEmail;
  }

  test('R-01 a new partner enrolls without a token: an INDIRECT_RESELLER pending email verification, its administrator the first user, the primary contact emailed', async () => {
    const input = enrollment({ tenantDomainPrefix: 'NorthBridgeAG' });
    const result = await api.anonymous.query(ENROLL, { input });
    const { partner, userErrors } = expectOk(result).enrollPartner;
    expect(userErrors).toEqual([]);
    expect(partner).toMatchObject({
      name: input.legalBusinessName,
      kind: 'INDIRECT_RESELLER',
      status: 'PENDING_EMAIL_VERIFICATION',
      mpnId: input.mpnId,
      tenantDomain: 'northbridgeag.onmicrosoft.com',
      countryCode: 'DE',
      cspRegion: { code: 'EUROPE' },
      primaryContact: input.primaryContact,
      supportContact: input.supportContact,
      address: { line1: input.address.line1, city: 'Munich', postalCode: '80802' },
      emailVerifiedAt: null,
      reviewedAt: null,
      agreementAcceptedAt: null,
    });

    // The enrolling administrator is the first user, GLOBAL_ADMIN and ADMIN_AGENT.
    const admin = await api.as(input.administrator.email);
    const me = expectOk(
      await admin.query(`{ viewer { roles user { email displayName status }
        organization { ... on Partner { name status users { nodes { email roles } } } } } }`),
    );
    expect(me.viewer.roles.sort()).toEqual(['ADMIN_AGENT', 'GLOBAL_ADMIN']);
    expect(me.viewer.user).toEqual({
      email: input.administrator.email,
      displayName: 'Nils Admin',
      status: 'ACTIVE',
    });
    expect(me.viewer.organization).toEqual({
      name: input.legalBusinessName,
      status: 'PENDING_EMAIL_VERIFICATION',
      users: {
        nodes: [{ email: input.administrator.email, roles: ['ADMIN_AGENT', 'GLOBAL_ADMIN'] }],
      },
    });

    // The verification link goes to the primary contact; only its hash is stored.
    const emails = await emailsTo(api.dataSource, input.primaryContact.email);
    expect(emails).toHaveLength(1);
    expect(emails[0].kind).toBe('partner-email-verification');
    const token = await verificationTokenFor(api.dataSource, input.primaryContact.email);
    expect(emails[0].body).toContain(`/enrollment/verify-email?token=${token}`);
    const [row] = await api.dataSource.query(
      'SELECT email_verification_token_hash AS h, email_verification_expires_at AS e FROM organization WHERE mpn_id = ?',
      [input.mpnId],
    );
    expect(row.h).toBe(createHash('sha256').update(token).digest('hex'));
    const days = (new Date(row.e).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect(
      await countRows(api.dataSource, 'organization', 'email_verification_token_hash = ?', [token]),
    ).toBe(0);

    // recorded without an actor, readable by the new partner and the vendor only.
    const log = expectOk(await admin.query(AUDIT)).auditLog.nodes;
    expect(log).toEqual([
      expect.objectContaining({
        operation: 'enrollPartner',
        resourceType: 'Partner',
        resourceId: partner.id,
        actor: null,
        oldValue: null,
        newValue: expect.objectContaining({ kind: 'INDIRECT_RESELLER', mpnId: input.mpnId }),
      }),
      expect.objectContaining({
        operation: 'enrollPartner',
        resourceType: 'User',
        newValue: expect.objectContaining({ email: input.administrator.email }),
      }),
    ]);
    const vendorLog = expectOk(await (await api.as(demo.vendor)).query(AUDIT)).auditLog.nodes;
    expect(vendorLog.filter((r: any) => r.resourceId === partner.id)).toHaveLength(1);
    const contosoLog = expectOk(await (await api.as(demo.contoso.globalAdmin)).query(AUDIT));
    expect(contosoLog.auditLog.nodes.filter((r: any) => r.resourceId === partner.id)).toEqual([]);
  });

  test('R-01 the MPN ID and the tenant domain are unique: ALREADY_EXISTS, nothing changes (a known administrator email is not told: test/hardening/enrollment-email-oracle.test.ts)', async () => {
    const { input: first } = await enroll();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ mpnId: first.mpnId }, 'input.mpnId'],
      // Prefixes are case-insensitive, and customers' tenant domains count too.
      [{ tenantDomainPrefix: first.tenantDomainPrefix.toUpperCase() }, 'input.tenantDomainPrefix'],
      [{ tenantDomainPrefix: 'northwindtraders' }, 'input.tenantDomainPrefix'],
    ];
    for (const [override, field] of cases) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        api.anonymous.query(ENROLL, { input: enrollment(override) }),
      );
      expect(expectOk(result).enrollPartner).toEqual({
        partner: null,
        userErrors: [expect.objectContaining({ code: 'ALREADY_EXISTS', field })],
      });
    }
  });

  test('R-01 two simultaneous enrollments with the same MPN ID: one wins, the other is ALREADY_EXISTS', async () => {
    const a = enrollment();
    const b = enrollment({ mpnId: a.mpnId });
    const results = await Promise.all([
      api.anonymous.query(ENROLL, { input: a }),
      api.anonymous.query(ENROLL, { input: b }),
    ]);
    const outcomes = results.map((r) => expectOk(r).enrollPartner);
    expect(outcomes.filter((o) => o.partner !== null)).toHaveLength(1);
    expect(outcomes.flatMap((o) => o.userErrors)).toEqual([
      expect.objectContaining({ code: 'ALREADY_EXISTS', field: 'input.mpnId' }),
    ]);
    expect(await countRows(api.dataSource, 'organization', 'mpn_id = ?', [a.mpnId])).toBe(1);
  });

  test('R-02 a primary contact at a web-mail service is refused: WEBMAIL_NOT_ALLOWED, nothing changes', async () => {
    const webmail = [
      'nora@gmail.com',
      'nora@googlemail.com',
      'Nora@GMAIL.com',
      'nora@yahoo.com',
      'nora@yahoo.co.uk',
      'nora@mail.yahoo.com',
      'nora@ymail.com',
      'nora@icloud.com',
      'nora@me.com',
      'nora@mac.com',
      'nora@aol.com',
      'nora@outlook.com',
      'nora@outlook.de',
      'nora@hotmail.fr',
      'nora@hotmail.co.uk',
      'nora@live.com',
      'nora@live.com.mx',
      'nora@msn.com',
      'nora@gmx.de',
      'nora@mail.ru',
      'nora@yandex.ru',
      'nora@protonmail.com',
      'nora@proton.me',
      'nora@zoho.com',
      'nora@qq.com',
      'nora@163.com',
    ];
    for (const email of webmail) {
      const input = enrollment();
      const result = await expectDbUnchanged(api.dataSource, () =>
        api.anonymous.query(ENROLL, {
          input: { ...input, primaryContact: { ...input.primaryContact, email } },
        }),
      );
      expect({ email, payload: expectOk(result).enrollPartner }).toEqual({
        email,
        payload: {
          partner: null,
          userErrors: [
            expect.objectContaining({
              code: 'WEBMAIL_NOT_ALLOWED',
              field: 'input.primaryContact.email',
            }),
          ],
        },
      });
    }
    // Company domains that merely resemble a web-mail brand are accepted.
    for (const email of [
      'nora@outlook-consulting.com',
      'nora@live.northbridge.example',
      'nora@gmailer.de',
    ]) {
      const input = enrollment();
      const data = expectOk(
        await api.anonymous.query(ENROLL, {
          input: { ...input, primaryContact: { ...input.primaryContact, email } },
        }),
      );
      expect(data.enrollPartner.userErrors).toEqual([]);
    }
  });

  test('R-07 the legal country must belong to a CSP region: BAD_USER_INPUT naming input.countryCode, nothing changes', async () => {
    for (const countryCode of ['AQ', 'KP', 'de', 'DEU', '']) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        api.anonymous.query(ENROLL, { input: enrollment({ countryCode }) }),
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.countryCode',
      });
    }
    // The country decides the region: a Japanese partner is in ASIA_PACIFIC.
    const data = expectOk(
      await api.anonymous.query(ENROLL, { input: enrollment({ countryCode: 'JP' }) }),
    );
    expect(data.enrollPartner.partner.cspRegion).toEqual({ code: 'ASIA_PACIFIC' });
  });

  test('malformed input is a top-level BAD_USER_INPUT naming the field, before anything is written', async () => {
    const base = enrollment();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ legalBusinessName: '   ' }, 'input.legalBusinessName'],
      [{ legalBusinessName: 'x'.repeat(201) }, 'input.legalBusinessName'],
      [{ legalBusinessName: 'Northbridge\nGmbH' }, 'input.legalBusinessName'],
      [{ mpnId: 'MPN-123' }, 'input.mpnId'],
      [{ mpnId: '12345' }, 'input.mpnId'],
      [{ tenantDomainPrefix: 'ab' }, 'input.tenantDomainPrefix'],
      [{ tenantDomainPrefix: 'north-bridge' }, 'input.tenantDomainPrefix'],
      [{ tenantDomainPrefix: 'x'.repeat(28) }, 'input.tenantDomainPrefix'],
      [{ tenantDomainPrefix: 'northbridge.onmicrosoft.com' }, 'input.tenantDomainPrefix'],
      [{ address: { line1: '', city: 'Munich' } }, 'input.address.line1'],
      [
        { address: { line1: 'Street 1', city: 'Munich', postalCode: 'x'.repeat(21) } },
        'input.address.postalCode',
      ],
      [
        { primaryContact: { ...base.primaryContact, email: 'not-an-email' } },
        'input.primaryContact.email',
      ],
      [
        { primaryContact: { ...base.primaryContact, phone: '089 555 0142' } },
        'input.primaryContact.phone',
      ],
      [
        { supportContact: { ...base.supportContact, phone: '+49 12' } },
        'input.supportContact.phone',
      ],
      [{ supportContact: { ...base.supportContact, name: '' } }, 'input.supportContact.name'],
      [{ administrator: { displayName: 'Nils', email: 'nils@' } }, 'input.administrator.email'],
    ];
    for (const [override, field] of cases) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        api.anonymous.query(ENROLL, { input: { ...enrollment(), ...override } }),
      );
      expect({ field, extensions: result.errors?.[0]?.extensions }).toMatchObject({
        field,
        extensions: { code: 'BAD_USER_INPUT', field },
      });
      expect(result.data?.enrollPartner ?? null).toBeNull();
    }
  });

  test('R-03 R-04 enroll -> verify -> approve -> accept the agreement: each step in order, audited, the primary contact told', async () => {
    const { input, partner, token } = await enroll();
    const admin = await api.as(input.administrator.email);
    const vendor = await api.as(demo.vendor);

    // Before approval the partner cannot accept the agreement (R-04: PARTNER_NOT_ACTIVE).
    const early = await expectDbUnchanged(api.dataSource, () => admin.query(ACCEPT));
    expect(expectOk(early).acceptPartnerAgreement.userErrors).toEqual([
      expect.objectContaining({ code: 'PARTNER_NOT_ACTIVE' }),
    ]);
    // Nor can the vendor review it before the email is verified.
    const tooSoon = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REVIEW, { input: { partnerId: partner.id, decision: 'APPROVE' } }),
    );
    expect(expectOk(tooSoon).reviewPartnerEnrollment.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE', field: 'input.partnerId' }),
    ]);

    // The primary contact follows the link: PENDING_REVIEW.
    const verified = await verify(token);
    expect(verified.userErrors).toEqual([]);
    expect(verified.partner).toMatchObject({ id: partner.id, status: 'PENDING_REVIEW' });
    expect(verified.partner.emailVerifiedAt).not.toBeNull();

    // It is in the vendor's review queue, and the partner sees its own status.
    const queue = expectOk(
      await vendor.query('{ partners(status: PENDING_REVIEW, first: 100) { nodes { id name } } }'),
    );
    expect(queue.partners.nodes.map((p: any) => p.id)).toContain(partner.id);
    const own = expectOk(
      await admin.query('{ viewer { organization { ... on Partner { status } } } }'),
    );
    expect(own.viewer.organization.status).toBe('PENDING_REVIEW');

    // The vendor approves: ACTIVE, and the primary contact is told.
    const approved = expectOk(
      await vendor.query(REVIEW, {
        input: { partnerId: partner.id, decision: 'APPROVE', note: 'Welcome aboard.' },
      }),
    ).reviewPartnerEnrollment;
    expect(approved.userErrors).toEqual([]);
    expect(approved.partner).toMatchObject({ status: 'ACTIVE', reviewNote: 'Welcome aboard.' });
    const mails = await emailsTo(api.dataSource, input.primaryContact.email);
    expect(mails.map((m) => m.kind)).toEqual([
      'partner-email-verification',
      'partner-enrollment-approved',
    ]);
    expect(mails[1].body).toContain('Welcome aboard.');
    const queueAfter = expectOk(
      await vendor.query('{ partners(status: PENDING_REVIEW, first: 100) { nodes { id } } }'),
    );
    expect(queueAfter.partners.nodes.map((p: any) => p.id)).not.toContain(partner.id);

    // A GLOBAL_ADMIN accepts the agreement: the partner can now transact.
    const accepted = expectOk(await admin.query(ACCEPT)).acceptPartnerAgreement;
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.partner.status).toBe('ACTIVE');
    expect(accepted.partner.agreementAcceptedAt).not.toBeNull();

    // every step is in the audit log of the partner and of the vendor, with its actor
    // (the public steps have none; the partner cannot see the vendor's users, R-30).
    const ofPartner = async (client: typeof admin) =>
      expectOk(await client.query(AUDIT)).auditLog.nodes.filter(
        (r: any) => r.resourceId === partner.id,
      );
    const log = await ofPartner(admin);
    expect(log.map((r: any) => [r.operation, r.actor?.email ?? null])).toEqual([
      ['enrollPartner', null],
      ['verifyPartnerEmail', null],
      ['reviewPartnerEnrollment', null],
      ['acceptPartnerAgreement', input.administrator.email],
    ]);
    expect((await ofPartner(vendor)).map((r: any) => r.actor?.email ?? null)).toEqual([
      null,
      null,
      demo.vendor,
      input.administrator.email,
    ]);
    expect(log[1]).toMatchObject({
      oldValue: { status: 'PENDING_EMAIL_VERIFICATION' },
      newValue: { status: 'PENDING_REVIEW' },
    });
    expect(log[2]).toMatchObject({
      oldValue: { status: 'PENDING_REVIEW' },
      newValue: { status: 'ACTIVE', reviewNote: 'Welcome aboard.' },
    });

    // ACTIVE is past review: a second decision is INVALID_STATE.
    const again = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REVIEW, { input: { partnerId: partner.id, decision: 'REJECT', note: 'No.' } }),
    );
    expect(expectOk(again).reviewPartnerEnrollment.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE' }),
    ]);
  });

  test('R-03 a rejected enrollment is final; rejecting needs a note; the primary contact is told', async () => {
    const { input, partner, token } = await enroll();
    await verify(token);
    const vendor = await api.as(demo.vendor);
    const noNote = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REVIEW, { input: { partnerId: partner.id, decision: 'REJECT' } }),
    );
    expect(noNote.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.note',
    });
    const rejected = expectOk(
      await vendor.query(REVIEW, {
        input: {
          partnerId: partner.id,
          decision: 'REJECT',
          note: 'The legal name does not match\nthe MPN profile.',
        },
      }),
    ).reviewPartnerEnrollment;
    expect(rejected.userErrors).toEqual([]);
    expect(rejected.partner.status).toBe('REJECTED');
    const mails = await emailsTo(api.dataSource, input.primaryContact.email);
    expect(mails[mails.length - 1]).toMatchObject({ kind: 'partner-enrollment-rejected' });
    expect(mails[mails.length - 1].body).toContain('does not match');

    for (const decision of ['APPROVE', 'REJECT']) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        vendor.query(REVIEW, { input: { partnerId: partner.id, decision, note: 'again' } }),
      );
      expect(expectOk(result).reviewPartnerEnrollment.userErrors).toEqual([
        expect.objectContaining({ code: 'INVALID_STATE', field: 'input.partnerId' }),
      ]);
    }
    // A rejected partner can never transact.
    const admin = await api.as(input.administrator.email);
    const accept = await expectDbUnchanged(api.dataSource, () => admin.query(ACCEPT));
    expect(expectOk(accept).acceptPartnerAgreement.userErrors).toEqual([
      expect.objectContaining({ code: 'PARTNER_NOT_ACTIVE' }),
    ]);
  });

  test('R-03 a used, unknown or expired verification token is INVITATION_INVALID and changes nothing', async () => {
    const { token } = await enroll();
    expect((await verify(token)).userErrors).toEqual([]);

    const { token: expiring, input } = await enroll();
    await api.dataSource.query(
      'UPDATE organization SET email_verification_expires_at = ? WHERE mpn_id = ?',
      [toSqlDateTime(new Date(Date.now() - 1000)), input.mpnId],
    );
    for (const bad of [token, 'no-such-token', expiring]) {
      const result = await expectDbUnchanged(api.dataSource, () =>
        api.anonymous.query(VERIFY, { input: { token: bad } }),
      );
      expect(expectOk(result).verifyPartnerEmail).toEqual({
        partner: null,
        userErrors: [expect.objectContaining({ code: 'INVITATION_INVALID', field: 'input.token' })],
      });
    }
    const empty = await api.anonymous.query(VERIFY, { input: { token: '' } });
    expect(empty.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.token',
    });
  });

  test('R-03 the same link followed twice at once verifies once', async () => {
    const { token, partner } = await enroll();
    const results = await Promise.all([verify(token), verify(token)]);
    expect(results.filter((r) => r.partner?.status === 'PENDING_REVIEW')).toHaveLength(1);
    expect(results.flatMap((r) => r.userErrors)).toEqual([
      expect.objectContaining({ code: 'INVITATION_INVALID' }),
    ]);
    const vendorLog = expectOk(await (await api.as(demo.vendor)).query(AUDIT)).auditLog.nodes;
    expect(
      vendorLog.filter(
        (r: any) => r.resourceId === partner.id && r.operation === 'verifyPartnerEmail',
      ),
    ).toHaveLength(1);
  });

  test('R-03 the administrator gets a new link (to a corrected address); the old one stops working; only while unverified', async () => {
    const { input, token: old } = await enroll();
    const admin = await api.as(input.administrator.email);

    const webmail = await expectDbUnchanged(api.dataSource, () =>
      admin.query(RESEND, { input: { primaryContactEmail: 'nora@hotmail.de' } }),
    );
    expect(expectOk(webmail).resendPartnerEmailVerification.userErrors).toEqual([
      expect.objectContaining({ code: 'WEBMAIL_NOT_ALLOWED', field: 'input.primaryContactEmail' }),
    ]);

    const corrected = `nora.brandt@${input.tenantDomainPrefix}.example`;
    const resent = expectOk(
      await admin.query(RESEND, { input: { primaryContactEmail: corrected } }),
    ).resendPartnerEmailVerification;
    expect(resent).toEqual({
      partner: { status: 'PENDING_EMAIL_VERIFICATION', primaryContact: { email: corrected } },
      userErrors: [],
    });
    const fresh = await verificationTokenFor(api.dataSource, corrected);
    expect(fresh).not.toBe(old);
    expect((await verify(old)).userErrors).toEqual([
      expect.objectContaining({ code: 'INVITATION_INVALID' }),
    ]);
    expect((await verify(fresh)).partner.status).toBe('PENDING_REVIEW');

    const late = await expectDbUnchanged(api.dataSource, () => admin.query(RESEND, { input: {} }));
    expect(expectOk(late).resendPartnerEmailVerification.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE' }),
    ]);
  });

  test('R-03 only a VENDOR_ADMIN reviews: partners are FORBIDDEN, callers without a token UNAUTHENTICATED; unknown partners NOT_FOUND', async () => {
    const relecloud = expectOk(
      await (
        await api.as(demo.vendor)
      ).query('{ partners(search: "Relecloud") { nodes { id status } } }'),
    ).partners.nodes[0];
    expect(relecloud.status).toBe('PENDING_REVIEW');
    const input = { partnerId: relecloud.id, decision: 'APPROVE' };

    for (const email of [
      demo.relecloud.globalAdmin,
      demo.contoso.globalAdmin,
      demo.customers.northwind,
    ]) {
      const result = await expectDbUnchanged(api.dataSource, async () =>
        (await api.as(email)).query(REVIEW, { input }),
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await expectDbUnchanged(api.dataSource, () =>
      api.anonymous.query(REVIEW, { input }),
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const vendor = await api.as(demo.vendor);
    const unknown = Buffer.from('Partner:999999').toString('base64url');
    const missing = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REVIEW, { input: { ...input, partnerId: unknown } }),
    );
    expect(expectOk(missing).reviewPartnerEnrollment.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: 'input.partnerId' }),
    ]);
    const notAPartnerId = Buffer.from('Customer:1').toString('base64url');
    const wrongType = await expectDbUnchanged(api.dataSource, () =>
      vendor.query(REVIEW, { input: { ...input, partnerId: notAPartnerId } }),
    );
    expect(wrongType.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.partnerId',
    });

    const ok = expectOk(await vendor.query(REVIEW, { input })).reviewPartnerEnrollment;
    expect(ok).toMatchObject({ partner: { status: 'ACTIVE' }, userErrors: [] });
  });

  test('the public path does not weaken the others: a bad token is still UNAUTHENTICATED, and other mutations need one', async () => {
    const badToken = await api.anonymous.query(
      ENROLL,
      { input: enrollment() },
      { authorization: 'Bearer not-a-token' },
    );
    expect(badToken.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const resend = await api.anonymous.query(RESEND, { input: {} });
    expect(resend.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const accept = await api.anonymous.query(ACCEPT);
    expect(accept.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
