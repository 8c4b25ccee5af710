import { RuleViolation, UserErrorCode } from '../core/user-error';
import { PartnerStatus } from './partner-status';
import type { Partner } from './partner.entity';

/**
 * R-03, the enrollment state machine, exactly:
 * PENDING_EMAIL_VERIFICATION -> PENDING_REVIEW -> ACTIVE | REJECTED. REJECTED is final; a
 * company that wants to try again enrolls anew. (Suspension of an ACTIVE partner is a vendor
 * sanction, not part of enrollment.)
 */
const ENROLLMENT_TRANSITIONS: Readonly<Partial<Record<PartnerStatus, readonly PartnerStatus[]>>> = {
  [PartnerStatus.PENDING_EMAIL_VERIFICATION]: [PartnerStatus.PENDING_REVIEW],
  [PartnerStatus.PENDING_REVIEW]: [PartnerStatus.ACTIVE, PartnerStatus.REJECTED],
};

/** refuses an enrollment step the state machine does not allow: INVALID_STATE. */
export function assertEnrollmentTransition(
  partner: Partner,
  to: PartnerStatus,
  field: string | null = null,
): void {
  if (!ENROLLMENT_TRANSITIONS[partner.status]?.includes(to)) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      `The enrollment of ${partner.name} is ${partner.status}; it cannot become ${to}.`,
      field,
    );
  }
}

/** How long an email verification link stays valid. */
export const EMAIL_VERIFICATION_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * the verification link is single-use (its hash is cleared once used) and expires. A used,
 * unknown or expired token is INVITATION_INVALID, the spec's code for a link that no longer
 * works.
 */
export function assertVerificationUsable(
  partner: Partner | null,
  tokenHash: string,
  now: Date,
): asserts partner is Partner {
  if (!partner || partner.emailVerificationTokenHash !== tokenHash) {
    throw new RuleViolation(
      UserErrorCode.INVITATION_INVALID,
      'This verification link is not valid: it is unknown or was already used.',
      'input.token',
    );
  }
  if (!partner.emailVerificationExpiresAt || partner.emailVerificationExpiresAt <= now) {
    throw new RuleViolation(
      UserErrorCode.INVITATION_INVALID,
      'This verification link has expired; your administrator can send a new one (resendPartnerEmailVerification).',
      'input.token',
    );
  }
}
