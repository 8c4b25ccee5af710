import type { PublicWriteContext, WriteContext } from '../core/unit-of-work';
import { snapshot } from '../core/audit-log';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { normalizeEmail } from '../identity/email';
import { hashToken, newOneTimeToken } from '../identity/one-time-token';
import { Role } from '../core/role';
import { User, UserStatus } from '../identity/user.entity';
import { Organization } from '../organizations/organization.entity';
import type { TransactionContext } from '../core/unit-of-work';
import {
  administratorAddressInUseEmail,
  reviewEmail,
  verificationEmail,
} from './enrollment.emails';
import {
  EnrollmentDecision,
  type EnrollPartnerInput,
  type ReviewPartnerEnrollmentInput,
} from './enrollment.payloads';
import {
  assertEnrollmentTransition,
  assertVerificationUsable,
  EMAIL_VERIFICATION_TTL_MS,
} from './enrollment.policy';
import { PartnerKind } from './partner-kind';
import { PartnerStatus } from './partner-status';
import { Partner } from './partner.entity';
import { lockOwnPartner } from './partner-locks';
import { assertCompanyEmail } from './webmail.policy';

const ENROLLMENT_FIELDS = [
  'name',
  'countryCode',
  'tenantDomain',
  'address',
  'kind',
  'status',
  'mpnId',
  'primaryContact',
  'supportContact',
] as const;

const STATUS_FIELDS = ['status', 'emailVerifiedAt', 'reviewedAt', 'reviewNote'] as const;

const text = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** the MPN ID identifies one partner: ALREADY_EXISTS. */
async function assertMpnIdAvailable(w: TransactionContext, mpnId: string): Promise<void> {
  if (await w.manager.exists(Partner, { where: { mpnId } })) {
    throw new RuleViolation(
      UserErrorCode.ALREADY_EXISTS,
      `A partner with MPN ID ${mpnId} is enrolled already.`,
      'input.mpnId',
    );
  }
}

/** Tenant domains are unique across partners and customers: ALREADY_EXISTS. */
async function assertTenantDomainAvailable(
  w: TransactionContext,
  tenantDomain: string,
): Promise<void> {
  const taken = await w.manager
    .createQueryBuilder(Organization, 'o')
    .where('o.tenant_domain = :tenantDomain', { tenantDomain })
    .getExists();
  if (taken) {
    throw new RuleViolation(
      UserErrorCode.ALREADY_EXISTS,
      `The work account ${tenantDomain} is taken; choose another prefix.`,
      'input.tenantDomainPrefix',
    );
  }
}

/** Starts (or restarts) R-03's email verification: a new single-use link to the primary contact. */
async function sendVerification(w: TransactionContext, partner: Partner): Promise<void> {
  const { token, hash } = newOneTimeToken();
  partner.emailVerificationTokenHash = hash;
  partner.emailVerificationExpiresAt = new Date(w.now.getTime() + EMAIL_VERIFICATION_TTL_MS);
  await w.sendEmail(
    verificationEmail(partner, token, w.publicUrl, partner.emailVerificationExpiresAt),
  );
}

/**
 * a new partner enrolls, unauthenticated. It starts as an
 * INDIRECT_RESELLER in PENDING_EMAIL_VERIFICATION, its enrolling administrator becomes its
 * first user (GLOBAL_ADMIN, ADMIN_AGENT), and the primary contact is emailed a verification
 * link. The country was checked against the CSP regions with the rest of the input.
 */
export async function enrollPartner(
  w: PublicWriteContext,
  input: EnrollPartnerInput,
): Promise<Partner> {
  const primaryEmail = normalizeEmail(input.primaryContact.email);
  assertCompanyEmail(primaryEmail, 'input.primaryContact.email');
  const tenantDomain = `${input.tenantDomainPrefix.toLowerCase()}.onmicrosoft.com`;
  const adminEmail = normalizeEmail(input.administrator.email);
  await assertMpnIdAvailable(w, input.mpnId);
  await assertTenantDomainAvailable(w, tenantDomain);
  // No ALREADY_EXISTS for a known administrator email: that answer, to anyone without a token,
  // told whether an address belongs to a registered user. The enrollment goes through either
  // way (so a retry with the same MPN ID answers alike too); the owner of a known address is
  // told by email instead, and no account is created or changed for it.
  const adminKnown = await w.manager.exists(User, { where: { email: adminEmail } });

  const partner = Object.assign(new Partner(), {
    name: input.legalBusinessName.trim(),
    countryCode: input.countryCode,
    tenantDomain,
    address: {
      line1: input.address.line1.trim(),
      line2: text(input.address.line2),
      city: input.address.city.trim(),
      region: text(input.address.region),
      postalCode: text(input.address.postalCode),
    },
    kind: PartnerKind.INDIRECT_RESELLER,
    status: PartnerStatus.PENDING_EMAIL_VERIFICATION,
    mpnId: input.mpnId,
    primaryContact: {
      name: input.primaryContact.name.trim(),
      email: primaryEmail,
      phone: input.primaryContact.phone.trim(),
    },
    supportContact: {
      name: input.supportContact.name.trim(),
      email: normalizeEmail(input.supportContact.email),
      phone: input.supportContact.phone.trim(),
    },
    emailVerifiedAt: null,
    reviewedAt: null,
    reviewNote: null,
    agreementAcceptedAt: null,
    agreementAcceptedByUserId: null,
    createdAt: w.now,
    updatedAt: w.now,
  });
  await sendVerification(w, partner);
  const inserted = await w.manager.insert(Partner, partner);
  partner.id = inserted.identifiers[0].id as number;

  await w.audit({
    resourceType: 'Partner',
    resourceId: partner.id,
    newValue: snapshot(partner, ENROLLMENT_FIELDS),
    organizations: [partner.id],
  });
  if (adminKnown) {
    await w.sendEmail(administratorAddressInUseEmail(partner, adminEmail));
    return partner;
  }

  const admin = Object.assign(new User(), {
    organizationId: partner.id,
    email: adminEmail,
    displayName: input.administrator.displayName.trim(),
    roles: [Role.ADMIN_AGENT, Role.GLOBAL_ADMIN],
    status: UserStatus.ACTIVE,
    passwordHash: null,
    mustChangePassword: false,
    createdAt: w.now,
    updatedAt: w.now,
  });
  const insertedUser = await w.manager.insert(User, admin);
  admin.id = insertedUser.identifiers[0].id as number;
  await w.audit({
    resourceType: 'User',
    resourceId: admin.id,
    newValue: snapshot(admin, ['email', 'displayName', 'roles', 'status']),
    organizations: [partner.id],
  });
  return partner;
}

/** The partner whose verification token this is, locked; null when no partner has it. */
async function lockPartnerByVerificationToken(
  w: TransactionContext,
  tokenHash: string,
): Promise<Partner | null> {
  // A locking read first: on MySQL the plain read that follows then sees concurrent commits.
  const rows = (await w.manager.query(
    `SELECT id FROM organization WHERE email_verification_token_hash = ?${w.db.forUpdate}`,
    [tokenHash],
  )) as Array<{ id: number }>;
  if (rows.length === 0) return null;
  return w.manager.findOne(Partner, { where: { id: Number(rows[0].id) } });
}

/**
 * the primary contact follows the emailed link. The token works once and until it
 * expires; the enrollment then waits for the vendor's review (PENDING_REVIEW).
 */
export async function verifyPartnerEmail(w: PublicWriteContext, token: string): Promise<Partner> {
  const tokenHash = hashToken(token);
  const partner = await lockPartnerByVerificationToken(w, tokenHash);
  assertVerificationUsable(partner, tokenHash, w.now);
  assertEnrollmentTransition(partner, PartnerStatus.PENDING_REVIEW, 'input.token');
  const before = snapshot(partner, STATUS_FIELDS);
  Object.assign(partner, {
    status: PartnerStatus.PENDING_REVIEW,
    emailVerifiedAt: w.now,
    emailVerificationTokenHash: null,
    emailVerificationExpiresAt: null,
    updatedAt: w.now,
  });
  await w.manager.update(
    Partner,
    { id: partner.id },
    {
      status: partner.status,
      emailVerifiedAt: partner.emailVerifiedAt,
      emailVerificationTokenHash: null,
      emailVerificationExpiresAt: null,
      updatedAt: w.now,
    },
  );
  await w.audit({
    resourceType: 'Partner',
    resourceId: partner.id,
    oldValue: before,
    newValue: snapshot(partner, STATUS_FIELDS),
    organizations: [partner.id],
  });
  return partner;
}

/**
 * the partner's administrator asks for a new verification link (the first expired or
 * went to a mistyped address). Only while the email is unverified: INVALID_STATE after. The
 * previous link stops working.
 */
export async function resendPartnerEmailVerification(
  w: WriteContext,
  primaryContactEmail: string | null | undefined,
): Promise<Partner> {
  const partner = await lockOwnPartner(w);
  if (partner.status !== PartnerStatus.PENDING_EMAIL_VERIFICATION) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      `The primary contact's email is verified already (status ${partner.status}).`,
    );
  }
  const before = snapshot(partner, ['primaryContact']);
  if (primaryContactEmail != null) {
    const email = normalizeEmail(primaryContactEmail);
    assertCompanyEmail(email, 'input.primaryContactEmail');
    partner.primaryContact = { ...partner.primaryContact, email };
  }
  await sendVerification(w, partner);
  partner.updatedAt = w.now;
  await w.manager.update(
    Partner,
    { id: partner.id },
    {
      primaryContact: partner.primaryContact,
      emailVerificationTokenHash: partner.emailVerificationTokenHash,
      emailVerificationExpiresAt: partner.emailVerificationExpiresAt,
      updatedAt: w.now,
    },
  );
  await w.audit({
    resourceType: 'Partner',
    resourceId: partner.id,
    oldValue: before,
    newValue: {
      ...snapshot(partner, ['primaryContact']),
      emailVerificationExpiresAt: partner.emailVerificationExpiresAt,
    },
    organizations: [],
  });
  return partner;
}

/**
 * a vendor operator approves (ACTIVE) or rejects (REJECTED) an enrollment in
 * PENDING_REVIEW; anything else is INVALID_STATE. The primary contact is told by email.
 */
export async function reviewPartnerEnrollment(
  w: WriteContext,
  partnerId: number,
  input: ReviewPartnerEnrollmentInput,
): Promise<Partner> {
  await w.lockRow('organization', partnerId);
  const partner = await w.manager.findOne(Partner, { where: { id: partnerId } });
  if (!partner)
    throw new RuleViolation(UserErrorCode.NOT_FOUND, 'No such partner.', 'input.partnerId');
  const approved = input.decision === EnrollmentDecision.APPROVE;
  const to = approved ? PartnerStatus.ACTIVE : PartnerStatus.REJECTED;
  assertEnrollmentTransition(partner, to, 'input.partnerId');
  const before = snapshot(partner, STATUS_FIELDS);
  const note = text(input.note);
  Object.assign(partner, { status: to, reviewedAt: w.now, reviewNote: note, updatedAt: w.now });
  await w.manager.update(
    Partner,
    { id: partner.id },
    { status: to, reviewedAt: w.now, reviewNote: note, updatedAt: w.now },
  );
  await w.audit({
    resourceType: 'Partner',
    resourceId: partner.id,
    oldValue: before,
    newValue: snapshot(partner, STATUS_FIELDS),
    organizations: [partner.id],
  });
  await w.sendEmail(reviewEmail(partner, approved, note));
  return partner;
}
