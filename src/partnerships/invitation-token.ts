import { createHash, randomBytes } from 'node:crypto';

/** how long a partnership request link works. */
export const INVITATION_TTL_DAYS = 30;

const DAY_MS = 86_400_000;

/** A fresh single-use token: 256 random bits, URL-safe. Only its hash is stored. */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 (hex) of a token: what `partnership_invitation.token_hash` holds and lookups use. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function invitationExpiry(now: Date): Date {
  return new Date(now.getTime() + INVITATION_TTL_DAYS * DAY_MS);
}

/**
 * The personal link the reseller follows to accept (a partner portal serves this path and
 * calls `acceptPartnershipInvitation` with the token).
 */
export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl}/partnerships/accept?token=${encodeURIComponent(token)}`;
}
