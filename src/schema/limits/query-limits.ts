import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ParseOptions, type ValidationRule } from 'graphql';
import type { QueryLimitsConfig } from '../../config/config';
import { ErrorCode } from '../../core/errors';

/** Which limit refused an operation: `extensions.reason` of a QUERY_TOO_COMPLEX error. */
export const LimitReason = {
  MAX_DEPTH: 'MAX_DEPTH',
  MAX_ALIASES: 'MAX_ALIASES',
  MAX_DIRECTIVES: 'MAX_DIRECTIVES',
  MAX_TOKENS: 'MAX_TOKENS',
  MAX_COST: 'MAX_COST',
  /** The cost could not be calculated: the operation is refused rather than run unmetered. */
  COST_UNKNOWN: 'COST_UNKNOWN',
} as const;

export type LimitReason = (typeof LimitReason)[keyof typeof LimitReason];

const LIMIT_REASONS = new Set<string>(Object.values(LimitReason));

export function isLimitReason(value: unknown): value is LimitReason {
  return typeof value === 'string' && LIMIT_REASONS.has(value);
}

const WHAT: Record<LimitReason, string> = {
  MAX_DEPTH: 'nests fields deeper than',
  MAX_ALIASES: 'uses more aliases than',
  MAX_DIRECTIVES: 'uses more directives than',
  MAX_TOKENS: 'is longer (in tokens) than',
  MAX_COST: 'costs more than',
  COST_UNKNOWN: 'could not be priced against',
};

/**
 * The top-level refusal of an operation that exceeds a limit: code QUERY_TOO_COMPLEX (HTTP
 * 400), the limit that was hit in `reason`, the limit and, where known, what was found.
 */
export function queryTooComplex(
  reason: LimitReason,
  limit: number,
  found?: number,
  message?: string,
): GraphQLError {
  const foundText = found === undefined ? '' : ` (found ${found})`;
  return new GraphQLError(
    message ??
      `The query ${WHAT[reason]} the limit of ${limit}${foundText}; split it or ask for smaller pages.`,
    {
      extensions: {
        code: ErrorCode.QUERY_TOO_COMPLEX,
        reason,
        limit,
        ...(found === undefined ? {} : { found }),
        http: { status: 400 },
      },
    },
  );
}

/** graphql-armor reports "..., found 17." in its message: keep the number, drop the wording. */
function armorRejection(reason: LimitReason, limit: number) {
  return (context: { reportError(error: GraphQLError): void } | null, error: GraphQLError) => {
    const found = /found (\d+)/.exec(error.message);
    context?.reportError(queryTooComplex(reason, limit, found ? Number(found[1]) : undefined));
  };
}

/**
 * Depth, alias and directive limits as validation rules (graphql-armor's, reporting our own
 * error). Validation runs once per distinct query text: Apollo caches validated documents.
 */
export function queryLimitRules(limits: QueryLimitsConfig): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  return [
    maxDepthRule({
      ...common,
      n: limits.maxDepth,
      // Depth is the nesting of fields: fragments are a way of writing, not a level.
      flattenFragments: true,
      ignoreIntrospection: true,
      onReject: [armorRejection(LimitReason.MAX_DEPTH, limits.maxDepth)],
    }),
    maxAliasesRule({
      ...common,
      n: limits.maxAliases,
      onReject: [armorRejection(LimitReason.MAX_ALIASES, limits.maxAliases)],
    }),
    maxDirectivesRule({
      ...common,
      n: limits.maxDirectives,
      onReject: [armorRejection(LimitReason.MAX_DIRECTIVES, limits.maxDirectives)],
    }),
  ] as ValidationRule[];
}

/** The token limit is graphql-js's own: the parser stops at the first token too many. */
export function queryParseOptions(limits: QueryLimitsConfig): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/** graphql-js's message when the token limit stops the parser. */
export function tokenLimitFromMessage(message: string): number | undefined {
  const match = /Document contains more th\w* (\d+) tokens/.exec(message);
  return match ? Number(match[1]) : undefined;
}
