import type { EmailMessage } from '../core/email-queue';
import type { Partner } from '../partners/partner.entity';

export const PARTNERSHIP_INVITATION_EMAIL = 'PARTNERSHIP_INVITATION';

/** What the provider's request says when it does not write its own message. */
export function defaultInvitationMessage(provider: Partner, reseller: Partner): string {
  return `${provider.name} would like to become the indirect provider of ${reseller.name} in the Cloud Solution Provider program, so that we can serve your customers together.`;
}

/**
 * The partnership request email. The provider edits the message; the personal link is
 * always appended after it (seed 002: the text may change, the link must stay).
 */
export function partnershipInvitationEmail(options: {
  provider: Partner;
  reseller: Partner;
  recipient: string;
  message: string;
  link: string;
  expiresAt: Date;
}): EmailMessage {
  const { provider, reseller, link, expiresAt } = options;
  const body = [
    options.message,
    '',
    `To authorize ${provider.name} as your indirect provider, open this personal link and confirm as a global admin or admin agent of ${reseller.name}. It works once, until ${expiresAt.toISOString().slice(0, 10)}:`,
    link,
  ].join('\n');
  return {
    kind: PARTNERSHIP_INVITATION_EMAIL,
    recipient: options.recipient,
    subject: `${provider.name} requests a partnership with ${reseller.name}`,
    body,
  };
}
