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
