import { createHash, randomBytes } from 'node:crypto';

/** How long a customer invitation or relationship request link works. */
export const REQUEST_LINK_DAYS = 30;

const DAY_MS = 86_400_000;

/** The SHA-256 stored for a link token; the token itself exists only in the email. */
export function hashRequestToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new personal link token (256 random bits) and the hash to store. */
export function newRequestToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashRequestToken(token) };
}

export function requestLinkExpiry(now: Date): Date {
  return new Date(now.getTime() + REQUEST_LINK_DAYS * DAY_MS);
}

/** The link a customer admin follows; the portal shows the request and calls the accept mutation. */
export function requestLink(publicUrl: string, path: string, token: string): string {
  return `${publicUrl}/${path}?token=${encodeURIComponent(token)}`;
}
