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
import { variableProblem } from './variable-checks';

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

/**
 * A variable that does not fit its type, as graphql-js reports it (Apollo would make it
 * BAD_USER_INPUT had it come from execution); it names the variable like the others.
 */
function asBadUserInput(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
  });
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
 * refuses it when its variables are malformed (BAD_USER_INPUT), when its cost cannot be
 * calculated or is more than QUERY_MAX_COST (QUERY_TOO_COMPLEX), then spends its cost from the
 * caller's rate-limit budget (RATE_LIMITED when it does not fit). The response reports both in
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
        async didResolveOperation(request) {
          const { schema, document, operation, contextValue } = request;
          const variables = request.request.variables;
          const operationName = request.operationName ?? undefined;
          // No operation by that name: execution refuses it (OPERATION_RESOLUTION_FAILURE).
          if (!operation) return;
          const problem = variableProblem(schema, document, operation, variables);
          if (problem) throw problem;
          // Fail closed: what cannot be priced is refused, never run unmetered.
          const pricing = calculateQueryCost(schema, document, operation, variables, operationName);
          if (pricing.kind === 'badVariables') throw asBadUserInput(pricing.error);
          if (pricing.kind === 'unknown') {
            throw queryTooComplex(
              LimitReason.COST_UNKNOWN,
              limits.maxCost,
              undefined,
              'The cost of this query could not be calculated, so it was not run; check its arguments and variables.',
            );
          }
          if (pricing.cost === Infinity) {
            throw queryTooComplex(
              LimitReason.MAX_COST,
              limits.maxCost,
              undefined,
              `The query expands to more than ${MAX_COSTED_SELECTIONS} selections; simplify its fragments.`,
            );
          }
          cost = pricing.cost;
          if (cost > limits.maxCost) {
            throw queryTooComplex(LimitReason.MAX_COST, limits.maxCost, cost);
          }
          if (!rateLimiter) return;
          // Every operation spends at least a point, so free ones cannot be sent without end.
          decision = await rateLimiter.consume(rateLimitKey(contextValue), Math.max(1, cost));
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
