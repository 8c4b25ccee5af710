import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * The schema has no subscription root yet (events come with R-38..R-40, over WebSocket), and
 * graphql-js's validation lets a `subscription` operation through to fail inside execution as
 * an internal error. Refused here instead, as the client's mistake: GRAPHQL_VALIDATION_FAILED
 * (HTTP 400), before anything is priced or run.
 */
export const noHttpSubscriptionsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') return;
    context.reportError(
      new GraphQLError(
        'This server has no subscriptions over HTTP: send queries and mutations only.',
        { nodes: [node] },
      ),
    );
  },
});
