import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { App } from '../entry/app';
import type { RequestContext } from '../core/request-context';
import { ErrorCode } from '../core/errors';
import { formatError } from '../schema/format-error';
import { jitGateway } from '../schema/jit-executor';
import { queryLimitsPlugin } from '../schema/limits/limits-plugin';
import { noHttpSubscriptionsRule } from '../schema/limits/no-http-subscriptions';
import { queryLimitRules, queryParseOptions } from '../schema/limits/query-limits';
import { buildGraphQLSchema } from '../entry/schema';

/** Logs every error a request met with its request ID, and tags masked ones with that ID. */
function errorLoggingPlugin(app: App): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            const internal = code === undefined || code === ErrorCode.INTERNAL_SERVER_ERROR;
            const log = {
              requestId: contextValue.requestId,
              operationName,
              code,
              path: error.path,
            };
            if (internal)
              app.logger.error({ ...log, err: error.originalError ?? error }, 'request failed');
            else app.logger.debug({ ...log, message: error.message }, 'request refused');
          }
        },
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          for (const error of errors ?? []) {
            const code = error.extensions?.code;
            if (
              code === ErrorCode.INTERNAL_SERVER_ERROR ||
              code === ErrorCode.SERVICE_UNAVAILABLE
            ) {
              (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            }
          }
          // Nothing was answered because the database is away: say so to HTTP clients and
          // proxies too (503 + Retry-After); partial answers keep 200 like any GraphQL result.
          if (
            data == null &&
            errors?.length &&
            errors.every((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)
          ) {
            response.http.status = 503;
            response.http.headers.set('retry-after', '1');
          }
        },
      };
    },
  };
}

export function createApolloServer(app: App): ApolloServer<RequestContext> {
  const { config } = app;
  return new ApolloServer<RequestContext>({
    ...(process.env.GRAPHQL_JIT === 'false'
      ? { schema: buildGraphQLSchema() }
      : { gateway: jitGateway(buildGraphQLSchema()) }),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) =>
      formatError(formatted, error, {
        fieldSuggestions: config.queryLimits.fieldSuggestions,
      }),
    validationRules: [...queryLimitRules(config.queryLimits), noHttpSubscriptionsRule],
    parseOptions: queryParseOptions(config.queryLimits),
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts drains in-flight requests on SIGTERM; Apollo's own handler would stop serving
    // them at once (500s) and re-raise the signal.
    stopOnTerminationSignals: false,
    nodeEnv: config.nodeEnv,
    logger: {
      debug: (m: string) => app.logger.debug(m),
      info: (m: string) => app.logger.info(m),
      warn: (m: string) => app.logger.warn(m),
      error: (m: string) => app.logger.error(m),
    },
    plugins: [
      // No HTTP caching of GraphQL responses here; Apollo's default cache-control plugin would
      // otherwise wrap every field resolver (schema instrumentation) for nothing.
      ApolloServerPluginCacheControlDisabled(),
      config.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      errorLoggingPlugin(app),
      queryLimitsPlugin(config.queryLimits, app.rateLimiter),
    ],
  });
}
