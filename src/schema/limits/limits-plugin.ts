import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { QueryLimitsConfig } from '../../config/config';
import {
  retryAfterSeconds,
  type RateLimitDecision,
  type RateLimiter,
} from '../../core/rate-limit/rate-limiter';
import type { RequestContext } from '../../core/request-context';
import { ErrorCode } from '../../core/errors';
import { calculateQueryCost, MAX_COSTED_SELECTIONS } from './query-cost';
import { LimitReason, queryTooComplex } from './query-limits';

/** Whose budget an operation spends: the caller's organization, else its address. */
export function rateLimitKey(ctx: RequestContext): string {
  return ctx.viewer ? `org:${ctx.viewer.organizationId}` : `ip:${ctx.clientAddress}`;
}

function rateLimited(decision: RateLimitDecision): GraphQLError {
  const seconds = retryAfterSeconds(decision);
  return new GraphQLError(
    `Rate limit exceeded: this operation costs ${decision.cost} points and ${decision.remaining} of ${decision.limit} are left until ${decision.resetAt.toISOString()}. Retry after ${seconds} s.`,
    {
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        retryAfterSeconds: seconds,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
      },
    },
  );
}

function rateLimitExtension(decision: RateLimitDecision) {
  return {
    limit: decision.limit,
    cost: decision.cost,
    remaining: decision.remaining,
    resetAt: decision.resetAt.toISOString(),
  };
}

/**
 * Prices each operation once its document and variables are known (before any resolver),
 * refuses it when it costs more than QUERY_MAX_COST, then spends its cost from the caller's
 * rate-limit budget (RATE_LIMITED when it does not fit). The response reports both in
 * `extensions.cost` and `extensions.rateLimit`, refusals included.
 */
export function queryLimitsPlugin(
  limits: QueryLimitsConfig,
  rateLimiter: RateLimiter | undefined,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let cost: number | undefined;
      let decision: RateLimitDecision | undefined;
      return {
        async didResolveOperation({ schema, document, request, operationName, contextValue }) {
          cost = calculateQueryCost(
            schema,
            document,
            request.variables,
            operationName ?? undefined,
          );
          if (cost === Infinity) {
            cost = undefined;
            throw queryTooComplex(
              LimitReason.MAX_COST,
              limits.maxCost,
              undefined,
              `The query expands to more than ${MAX_COSTED_SELECTIONS} selections; simplify its fragments.`,
            );
          }
          if (cost !== undefined && cost > limits.maxCost) {
            throw queryTooComplex(LimitReason.MAX_COST, limits.maxCost, cost);
          }
          if (!rateLimiter) return;
          // Every operation spends at least a point, so free ones cannot be sent without end.
          decision = await rateLimiter.consume(rateLimitKey(contextValue), Math.max(1, cost ?? 1));
          if (!decision.allowed) throw rateLimited(decision);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const extensions: Record<string, unknown> = { ...result.extensions };
          if (cost !== undefined) {
            extensions.cost = { requestedQueryCost: cost, maximumQueryCost: limits.maxCost };
          }
          if (decision) extensions.rateLimit = rateLimitExtension(decision);
          if (Object.keys(extensions).length > 0) result.extensions = extensions;
        },
      };
    },
  };
}
