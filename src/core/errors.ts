import { GraphQLError } from 'graphql';

/**
 * Error codes of the contract (SPEC section 7, R-32). Top-level errors carry one of the first
 * group in `extensions.code`; business-rule failures come back as `userErrors` with the others.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  NOT_FOUND: 'NOT_FOUND',
  /** The operation exceeds a query limit; `extensions.reason` says which (docs/hardening.md). */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The organization's budget of query cost is spent; `extensions.retryAfterSeconds`. */
  RATE_LIMITED: 'RATE_LIMITED',
} as const;

export type TopLevelCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function unauthenticated(
  message = 'Sign in: send `Authorization: Bearer <token>`.',
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}

export function forbidden(message = 'Your role does not allow this operation.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

export function badUserInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
}
