import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../graphql/errors/error-codes';

/** A subscription sent over HTTP is refused (400) before it runs: subscriptions are served over WebSocket (graphql-ws) only. */
export function subscriptionsOverWebSocketPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws protocol) at this same path, not over HTTP.', {
            extensions: { code: ErrorCode.OPERATION_NOT_SUPPORTED, http: { status: 400 } },
          });
        },
      };
    },
  };
}
