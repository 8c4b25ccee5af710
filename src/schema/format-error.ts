import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { isDatabaseUnavailable } from '../db/db-errors';
import { ErrorCode } from '../core/errors';
import { fieldOfVariableError } from './variable-error-field';
import { isLimitReason, LimitReason, tokenLimitFromMessage } from './limits/query-limits';

/** Codes whose message was written for the client and may be shown as is. */
const CLIENT_CODES = new Set<string>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.SERVICE_UNAVAILABLE,
  ErrorCode.NOT_FOUND,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.RATE_LIMITED,
]);

export { isDatabaseUnavailable };

export interface FieldProblem {
  field: string;
  message: string;
}

/** Flattens class-validator's tree into `primaryContact.email: must be an email address`. */
export function flattenValidationErrors(
  errors: readonly ValidationError[],
  prefix = '',
): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

export interface FormatErrorOptions {
  /** graphql-js's "Did you mean ...?" hints; they reveal the schema when introspection is off. */
  fieldSuggestions?: boolean;
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Limits refused while parsing or validating arrive as Apollo's GRAPHQL_PARSE_FAILED or
 * GRAPHQL_VALIDATION_FAILED; the client gets one code for all of them, with the reason.
 */
function asLimitRefusal(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  const extensions = formatted.extensions ?? {};
  const limitCodes = ['GRAPHQL_VALIDATION_FAILED', ErrorCode.QUERY_TOO_COMPLEX];
  if (isLimitReason(extensions.reason) && limitCodes.includes(String(extensions.code))) {
    return { ...formatted, extensions: { ...extensions, code: ErrorCode.QUERY_TOO_COMPLEX } };
  }
  const tokenLimit =
    extensions.code === 'GRAPHQL_PARSE_FAILED'
      ? tokenLimitFromMessage(formatted.message)
      : undefined;
  if (tokenLimit === undefined) return undefined;
  return {
    message: `The query is longer (in tokens) than the limit of ${tokenLimit}; split it.`,
    extensions: {
      code: ErrorCode.QUERY_TOO_COMPLEX,
      reason: LimitReason.MAX_TOKENS,
      limit: tokenLimit,
    },
  };
}

/**
 * what a client sees of an error. Messages written for clients pass; validation failures
 * name their fields; anything unexpected is masked (no stack, no SQL) and logged by the server
 * with the request ID that the response carries.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: FormatErrorOptions = {},
): GraphQLFormattedError {
  const result = maskError(formatted, error);
  if (options.fieldSuggestions !== false) return result;
  const message = result.message.replace(SUGGESTION, '');
  return message === result.message ? result : { ...result, message };
}

function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const limit = asLimitRefusal(formatted);
  if (limit) return limit;
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError) {
    const errors = (original.extensions.validationErrors as ValidationError[] | undefined) ?? [];
    // Mutations take one `input` argument: name fields from there, as userErrors do.
    const fromInput = errors.some((e) => e.target?.constructor?.name?.endsWith('Input'));
    const problems = flattenValidationErrors(errors, fromInput ? 'input' : '');
    const first = problems[0];
    return {
      message: first ? `${first.field}: ${first.message}` : 'Invalid input',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.BAD_USER_INPUT, field: first?.field, fields: problems },
    };
  }
  if (isDatabaseUnavailable(original)) {
    return {
      message: 'The service is temporarily unavailable; retry shortly.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true },
    };
  }
  const code = formatted.extensions?.code;
  if (
    typeof code === 'string' &&
    CLIENT_CODES.has(code) &&
    (original instanceof GraphQLError || !(original instanceof Error))
  ) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    if (code === ErrorCode.BAD_USER_INPUT && extensions.field === undefined) {
      const field = fieldOfVariableError(formatted.message);
      if (field) extensions.field = field;
    }
    return { ...formatted, extensions };
  }
  // A failure before Apollo's plugins run (the caller's lookup) carries its request ID itself.
  const requestId = formatted.extensions?.requestId;
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: {
      code: ErrorCode.INTERNAL_SERVER_ERROR,
      ...(typeof requestId === 'string' ? { requestId } : {}),
    },
  };
}
