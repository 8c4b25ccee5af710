import type { GqlResult } from '../../support/test-server';

/** Top-level codes a mutation may answer with for bad input or a caller's lack of rights. */
const TOP_LEVEL_CODES = new Set(['BAD_USER_INPUT', 'FORBIDDEN', 'UNAUTHENTICATED']);

/** What must never reach a client (as in error-masking.test.ts). */
const INTERNALS = [
  /\bat [\w.<>]+ \(/, // stack frame
  /\.ts:\d+|\.js:\d+/,
  /node_modules/,
  /\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|\bUPDATE\b.*\bSET\b/i,
  /SQLITE_|\bER_[A-Z_]+|ECONN|QueryFailedError|TypeError|RangeError|Cannot read propert/,
  /no such (table|column)|Unknown column|doesn't exist|Incorrect string value|Data too long/i,
];

export type Outcome = 'success' | 'refused';

function sentStrings(value: unknown, out: string[] = []): string[] {
  // Short strings ("0", "a") would erase too much of a message to judge what is left.
  if (typeof value === 'string' && value.length >= 4) out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => sentStrings(v, out));
  else if (value && typeof value === 'object')
    Object.values(value).forEach((v) => sentStrings(v, out));
  return out;
}

/** A message minus the client's own strings, which error messages may quote back. */
function ownText(message: string, variables: Record<string, unknown>): string {
  let text = message;
  const strings = sentStrings(variables).sort((a, b) => b.length - a.length);
  for (const s of strings) {
    text = text.split(s).join('').split(JSON.stringify(s).slice(1, -1)).join('');
  }
  return text;
}

/**
 * R-32 for one mutation response: every error is a known code (BAD_USER_INPUT naming its field
 * in `extensions.field`, FORBIDDEN, UNAUTHENTICATED, or userErrors with their schema codes), no
 * INTERNAL_SERVER_ERROR, no stack or SQL text. Returns the problems found (empty when fine) and
 * whether the call changed something.
 */
export function checkResponse(
  mutation: string,
  result: GqlResult,
  variables: Record<string, unknown>,
): { problems: string[]; outcome: Outcome } {
  const problems: string[] = [];
  if (result.status >= 500) problems.push(`HTTP ${result.status}`);
  for (const error of result.errors ?? []) {
    const code = error.extensions?.code;
    const message = String(error.message ?? '');
    if (typeof code !== 'string') problems.push(`error without code: ${message.slice(0, 200)}`);
    else if (!TOP_LEVEL_CODES.has(code))
      problems.push(`unexpected code ${code}: ${message.slice(0, 200)}`);
    if (code === 'BAD_USER_INPUT') {
      const namesField =
        typeof error.extensions?.field === 'string' && error.extensions.field.length > 0;
      if (!namesField) problems.push(`BAD_USER_INPUT names no field: ${message.slice(0, 200)}`);
    }
    if (error.extensions?.stacktrace || error.extensions?.exception)
      problems.push('stack trace in extensions');
    const own = ownText(message, variables);
    for (const pattern of INTERNALS) {
      if (pattern.test(own)) problems.push(`internal detail ${pattern}: ${message.slice(0, 200)}`);
    }
  }
  const payload = result.data?.[mutation] as
    | { userErrors?: Array<{ code: string; field: string | null; message: string }> }
    | null
    | undefined;
  if (!result.errors?.length && !payload) problems.push('no payload and no error');
  for (const userError of payload?.userErrors ?? []) {
    if (!userError.code) problems.push('userError without code');
    if (!userError.message) problems.push(`userError ${userError.code} without message`);
    if (userError.field != null && !userError.field.startsWith('input'))
      problems.push(`userError field ${userError.field} is not an input path`);
    for (const pattern of INTERNALS) {
      if (pattern.test(ownText(userError.message, variables)))
        problems.push(`internal detail in userError: ${userError.message.slice(0, 200)}`);
    }
  }
  const success = !result.errors?.length && !!payload && (payload.userErrors ?? []).length === 0;
  return { problems, outcome: success ? 'success' : 'refused' };
}

/** `BAD_USER_INPUT input.email`, `FORBIDDEN`, `NOT_FOUND`: what a refusal was, for the tally. */
export function refusalLabel(mutation: string, result: GqlResult): string {
  const error = result.errors?.[0];
  if (error) return `${error.extensions?.code} ${error.extensions?.field ?? ''}`.trim();
  return String(result.data?.[mutation]?.userErrors?.[0]?.code);
}
