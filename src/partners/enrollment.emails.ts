import type { EmailMessage } from '../core/email-queue';
import type { Partner } from './partner.entity';

/** the single-use link that verifies the primary contact's address. */
export function verificationEmail(
  partner: Partner,
  token: string,
  publicUrl: string,
  expiresAt: Date,
): EmailMessage {
  const link = `${publicUrl}/enrollment/verify-email?token=${encodeURIComponent(token)}`;
  return {
    kind: 'partner-email-verification',
    recipient: partner.primaryContact.email!,
    subject: `Verify your email address for the ${partner.name} CSP enrollment`,
    body: [
      `Hello ${partner.primaryContact.name},`,
      '',
      `${partner.name} enrolled in the Cloud Solution Provider program and named you its primary contact.`,
      'Please confirm that you signed up and that this address belongs to your company:',
      '',
      link,
      '',
      `Or call verifyPartnerEmail with the token: ${token}`,
      '',
      `The link works once and expires on ${expiresAt.toISOString()}.`,
      'After you verify, a vendor operator reviews the enrollment; we will email you the result.',
    ].join('\n'),
  };
}

/** the outcome of the vendor's review, to the primary contact. */
export function reviewEmail(
  partner: Partner,
  approved: boolean,
  note: string | null,
): EmailMessage {
  return {
    kind: approved ? 'partner-enrollment-approved' : 'partner-enrollment-rejected',
    recipient: partner.primaryContact.email!,
    subject: approved
      ? `${partner.name}: your CSP enrollment is approved`
      : `${partner.name}: your CSP enrollment was not approved`,
    body: [
      `Hello ${partner.primaryContact.name},`,
      '',
      approved
        ? `We approved the enrollment of ${partner.name} as an indirect reseller. A global admin can now sign in and accept the partner agreement.`
        : `We could not approve the enrollment of ${partner.name}.`,
      ...(note ? ['', `Note from the reviewer: ${note}`] : []),
    ].join('\n'),
  };
}

/**
 * an enrollment named as its administrator an address that already signs in. The
 * enrollment is answered as any other (the answer must not tell who is registered); the
 * owner of the address learns it here instead, and no account was created or changed.
 */
export function administratorAddressInUseEmail(partner: Partner, email: string): EmailMessage {
  return {
    kind: 'partner-enrollment-administrator-in-use',
    recipient: email,
    subject: `${partner.name} named you as administrator of its CSP enrollment`,
    body: [
      // No greeting by the name the enrollment typed: this goes to someone who did not ask.
      'Hello,',
      '',
      `An enrollment of ${partner.name} (MPN ID ${partner.mpnId}) in the Cloud Solution Provider program named ${email} as its administrator.`,
      'This address already signs in to the partner portal, so no new account was created for it and your existing account is unchanged.',
      '',
      'If this was you, ask the vendor to add an administrator to the enrollment, or enroll again with another address. If it was not you, you can ignore this message.',
    ].join('\n'),
  };
}
