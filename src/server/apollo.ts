import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { createFormatError, type GatewayContext } from '../graphql';
import { queryLimitsPlugin, requestBudgetPlugin, type Admission, type QueryLimits } from '../graphql/limits';
import { compiledExecution } from './compiled-execution';
import { createDocumentStore } from './document-store';
import { stringifyResult } from './serialized-data';
import { landingPagePlugin, type IdeOptions } from './ide';
import { subscriptionsOverWebSocketPlugin } from './plugins/subscriptions-over-websocket.plugin';

export interface ApolloOptions {
  schema: GraphQLSchema;
  logger: Logger;
  /** Schema introspection answered (off in production unless GRAPHQL_INTROSPECTION). */
  introspection: boolean;
  /** The landing page (Apollo Sandbox or the local GraphiQL) a browser gets; none in production unless GRAPHQL_LANDING_PAGE. */
  landingPage: IdeOptions | undefined;
  /** Depth, alias and cost limits, checked before an operation runs. */
  limits: QueryLimits;
  /** Lexical tokens a document may have: parsing stops past them (graphql-js `maxTokens`). */
  maxTokens: number;
  /** How long one request may keep calling vendors, ms; its calls are bounded by `limits.maxCost`. */
  requestDeadlineMs: number;
  /** More plugins, run before the built-in ones (e.g. per-operation logs, metrics and spans). */
  plugins?: ApolloServerPlugin<GatewayContext>[];
  /** Automatic persisted queries: the query texts registered by hash (shared by the replicas with REDIS_URL). */
  persistedQueries: { cache: KeyValueCache<string>; ttlS: number };
  /** Who may run an operation that passed the limits now (the callers' rate limits). */
  admit?: Admission<GatewayContext>;
}

export function createApollo(options: ApolloOptions): ApolloServer<GatewayContext> {
  const { schema, logger, introspection, landingPage, limits, maxTokens } = options;
  return new ApolloServer<GatewayContext>({
    gateway: compiledExecution(schema),
    logger,
    // Suggestions name fields and enum values: not where introspection is off.
    formatError: createFormatError(logger, { suggestions: introspection }),
    // Parsing a huge document takes long before any limit can run; stop at the token limit.
    parseOptions: { maxTokens },
    includeStacktraceInErrorResponses: false,
    introspection,
    persistedQueries: { cache: options.persistedQueries.cache, ttl: options.persistedQueries.ttlS },
    // Bounded: every distinct query text would otherwise keep its document (and what rides on it).
    documentStore: createDocumentStore(),
    // A request reaches Apollo only with a valid credential header (the caller guard runs first), and
    // a browser sends Authorization or X-Api-Key cross-origin only after a CORS preflight: such a
    // request is as preflighted as one with Apollo-Require-Preflight. Requests without one (the
    // landing page's GET) are still checked.
    csrfPrevention: { requestHeaders: ['authorization', 'x-api-key', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    // The entry point (main.ts) owns SIGTERM/SIGINT: Apollo's own handler stops the server and re-sends
    // the signal, which would read as an operator's second signal and cut requests in flight.
    stopOnTerminationSignals: false,
    // Compact JSON (Apollo's default pretty-prints every response, a measurable cost on large ones), shared answers' data as stored.
    stringifyResult,
    plugins: [
      // No HTTP caching of these answers, and the cache-control plugin wraps every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      ...(options.plugins ?? []),
      landingPage ? landingPagePlugin<GatewayContext>(landingPage) : ApolloServerPluginLandingPageDisabled(),
      subscriptionsOverWebSocketPlugin<GatewayContext>(),
      queryLimitsPlugin<GatewayContext>(limits, options.admit),
      requestBudgetPlugin<GatewayContext>({ maxCalls: limits.maxCost, deadlineMs: options.requestDeadlineMs }),
    ],
  });
}
