/**
 * Error codes (mysql2, Node's sockets, SQLite) that mean the database is away or overloaded:
 * the request was not carried out and may be sent again shortly.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_QUERY_INTERRUPTED',
  'ER_CLIENT_INTERACTION_TIMEOUT',
  'ER_LOCK_WAIT_TIMEOUT',
  'SQLITE_BUSY',
]);

/** mysql2 errors that carry no code, by their wording. */
const UNAVAILABLE_MESSAGES =
  /Pool is closed|Connection lost|Queue limit reached|connect ETIMEDOUT|Can't add new command when connection is in closed state|Too many connections|server has gone away/i;

/** Errors from the database layer that mean "try again shortly", not "this request is wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  // TypeORM's QueryFailedError copies the driver's code and keeps the original in driverError;
  // graphql-js wraps a thrown value that is not an Error of its realm in NonErrorThrown.
  const { code, message, driverError, thrownValue } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    thrownValue?: unknown;
  };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (UNAVAILABLE_MESSAGES.test(String(message ?? ''))) return true;
  return [driverError, thrownValue].some(
    (inner) => inner !== undefined && inner !== error && isDatabaseUnavailable(inner),
  );
}
