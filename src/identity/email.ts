/**
 * Emails are stored lower-case: sign-in names must be unique whatever their case, and MySQL
 * (case-insensitive collation) and SQLite (case-sensitive) must agree on what "the same" is.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
