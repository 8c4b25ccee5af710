import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Ambiguous characters (0/O, 1/l/I) are left out: people copy this password by hand.
const CLASSES = [
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  'abcdefghijkmnopqrstuvwxyz',
  '23456789',
  '!#$%&*+-=?@',
];
const ALPHABET = CLASSES.join('');

/** scrypt cost (N = 2^14, r = 8, p = 1: the parameters node and OWASP recommend as a floor). */
const COST = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * a strong temporary password (16 characters, about 95 bits) with at least one upper-case
 * letter, lower-case letter, digit and symbol, drawn from the CSPRNG.
 */
export function generateTemporaryPassword(length = 16): string {
  const chars = CLASSES.map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(ALPHABET[randomInt(ALPHABET.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** A new customer admin's password and its hash. */
export interface TemporaryPassword {
  plain: string;
  hash: string;
}

/**
 * a new temporary password with its hash. scrypt is deliberately slow (a few hundred
 * milliseconds on a small machine), so callers prepare it before opening their transaction.
 */
export async function newTemporaryPassword(): Promise<TemporaryPassword> {
  const plain = generateTemporaryPassword();
  return { plain, hash: await hashPassword(plain) };
}

/** what is stored instead of the password: `scrypt$N$r$p$salt$key` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return [
    'scrypt',
    COST.N,
    COST.r,
    COST.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Checks a password against a stored hash in constant time (for sign-in and for tests). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: COST.maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
