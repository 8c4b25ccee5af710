import fc from 'fast-check';

/**
 * Hostile values per GraphQL type: what a careless or malicious client sends. Every one must end
 * as a clear error with a stable code or a valid change, never as INTERNAL_SERVER_ERROR.
 */

const LONG = 'x'.repeat(10_000);

export const hostileStrings: string[] = [
  '',
  ' ',
  '   \t  ',
  "'; DROP TABLE organization; --",
  "' OR '1'='1",
  '" OR ""="',
  "Robert'); DELETE FROM subscription;--",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  '%',
  '%%',
  '_',
  '%_%',
  '\\',
  '\\\\',
  'C:\\Windows\\System32',
  '\\x00',
  'a\u0000b',
  '\u0000',
  'line\nbreak',
  'carriage\rreturn',
  '\u007f',
  '\u202eevil\u202c', // right-to-left override
  'مرحبا بالعالم', // RTL script
  'שלום',
  '日本語のテキスト',
  'Zürich Straße Ünïcödé',
  '😀🚀👩‍👩‍👧‍👦',
  '\uD83D', // lone surrogate
  'e\u0301\u0301\u0301\u0301', // combining marks
  '\uFEFFbom',
  '\u200b',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
];

/** Lengths around the columns' limits (20, 64, 200, 254, 2000, 4000) and far beyond. */
const longStrings: string[] = [
  LONG,
  '😀'.repeat(3_000),
  'é'.repeat(2_001),
  ...[21, 65, 201, 255, 256, 2_001, 4_001].map((n) => 'a'.repeat(n)),
  `${'a'.repeat(250)}@example.com`,
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 2, arbitrary: fc.constantFrom(...longStrings) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

export const hostileInt: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, 1, 2, -2_147_483_648, 2_147_483_647, 1_000_000, 999_999_999),
  fc.integer(),
  fc.integer({ min: -5, max: 30 }),
);

/** Values a GraphQL Int rejects while coercing variables (a top-level BAD_USER_INPUT). */
export const nonInt: fc.Arbitrary<unknown> = fc.constantFrom(
  2_147_483_648,
  -2_147_483_649,
  Number.MAX_SAFE_INTEGER,
  1e21,
  1.5,
  '12',
  true,
  [],
  {},
);

/** Strings that look like IDs but are not ours, or are ours with a wrong type or number. */
export function malformedIds(): fc.Arbitrary<string> {
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  return fc.oneof(
    fc.constantFrom(
      '',
      '0',
      '1',
      '-1',
      'null',
      '=',
      '====',
      b64('Partner:0'),
      b64('Partner:-1'),
      b64('Partner:01'),
      b64('Partner:2147483648'),
      b64('Partner:99999999999'),
      b64('Subscription:1.5'),
      b64('Nope:1'),
      b64('partner:1'),
      b64(' Partner:1'),
      b64('Partner:1\u0000'),
      b64("Partner:1' OR 1=1"),
      b64('Customer:1e3'),
      Buffer.from('Partner:1').toString('base64'), // standard base64 with padding
      'UGFydG5lcjox'.repeat(10),
      'gid://csp/Partner/1',
      '../Partner/1',
    ),
    fc.integer({ min: 1, max: 2_147_483_647 }).map((n) => b64(`AuditRecord:${n}`)),
    fc.integer({ min: 100_000, max: 2_147_483_647 }).map((n) => b64(`Subscription:${n}`)),
    hostileString,
  );
}

/** Ordinary text, for fields whose name says nothing more. */
export const plainText: fc.Arbitrary<string> = fc.stringMatching(
  /^[A-Z][a-z]{2,12}( [a-z]{2,12}){0,4}$/,
);

export const uuid: fc.Arbitrary<string> = fc.uuid();
