import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { createFormatError, type GatewayContext } from '../graphql';

export interface ApolloOptions {
  schema: GraphQLSchema;
  logger: Logger;
  /** Production turns off introspection and the Sandbox landing page. */
  production: boolean;
}

export function createApollo(options: ApolloOptions): ApolloServer<GatewayContext> {
  const { schema, logger, production } = options;
  return new ApolloServer<GatewayContext>({
    schema,
    logger,
    formatError: createFormatError(logger),
    includeStacktraceInErrorResponses: false,
    introspection: !production,
    csrfPrevention: true,
    plugins: [
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
    ],
  });
}
