import type { Env } from './env-schema';

/** What one request may ask for, and what the gateway shows about itself. */
export interface LimitsConfig {
  /** Most ids one `orders` or `ddsOrders` query may ask for. */
  maxOrderIds: number;
  /** Most lines one checkout may hold (MAX_CHECKOUT_LINES). */
  maxCheckoutLines: number;
  /** Largest GraphQL request body; larger ones are answered 413. */
  maxBodyBytes: number;
  /** Deepest field nesting of an operation. */
  maxQueryDepth: number;
  /** Most aliased fields in an operation. */
  maxAliases: number;
  /** Most upstream calls an operation may cause: estimated before it runs, and counted as it runs. */
  maxQueryCost: number;
  /** Lexical tokens a query document may have: parsing stops past them. */
  maxQueryTokens: number;
  /** How long one request may keep calling vendors: then no new call starts and reads in flight are cut. */
  requestDeadlineMs: number;
  /** Schema introspection answered: GRAPHQL_INTROSPECTION, else outside production only. */
  introspection: boolean;
  /** The Apollo Sandbox landing page served: GRAPHQL_LANDING_PAGE, else outside production only. */
  landingPage: boolean;
  /** What a browser's GET of `/` and `/graphql` shows: Apollo Sandbox (from Apollo's CDN) or the local GraphiQL. */
  ide: 'sandbox' | 'graphiql';
}

export function readLimitsConfig(env: Env): LimitsConfig {
  const development = env.NODE_ENV !== 'production';
  return {
    maxOrderIds: env.MAX_ORDER_IDS,
    maxCheckoutLines: env.MAX_CHECKOUT_LINES,
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxQueryDepth: env.MAX_QUERY_DEPTH,
    maxAliases: env.MAX_ALIASES,
    maxQueryCost: env.MAX_QUERY_COST,
    maxQueryTokens: env.MAX_QUERY_TOKENS,
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
    introspection: env.GRAPHQL_INTROSPECTION ?? development,
    landingPage: env.GRAPHQL_LANDING_PAGE ?? development,
    ide: env.GRAPHQL_IDE,
  };
}
