import { createHash, randomBytes } from 'node:crypto';

export interface OneTimeToken {
  /** The secret, sent once (by email) and never stored. */
  token: string;
  /** What the database keeps: SHA-256 of the token, hex. */
  hash: string;
}

/** SHA-256 of a token, hex: tokens are looked up by this, never stored in clear. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh single-use token (256 random bits, base64url) and its hash. */
export function newOneTimeToken(): OneTimeToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}
