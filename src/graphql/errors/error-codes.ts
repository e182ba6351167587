import type { RequestLimit } from '../../observability';
import type { UpstreamFailure } from '../../vendors/http';

/**
 * Every `extensions.code` this gateway puts on a GraphQL error. Business refusals are
 * not here: they are `userErrors` on mutation payloads (see UserErrorCode).
 */
export const ErrorCode = {
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  UPSTREAM_AUTH_FAILED: 'UPSTREAM_AUTH_FAILED',
  UPSTREAM_BAD_RESPONSE: 'UPSTREAM_BAD_RESPONSE',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** No valid API key or bearer token (HTTP 401, before anything is executed). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller's scopes do not include the one this field needs; nothing was sent to a vendor. */
  FORBIDDEN: 'FORBIDDEN',
  // Query limits (src/graphql/limits): refused with HTTP 400 before anything runs.
  /** Nested deeper than MAX_QUERY_DEPTH. */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** More aliased fields than MAX_ALIASES. */
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  /** Would cause more upstream calls than MAX_QUERY_COST. */
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  /** More lexical tokens than MAX_QUERY_TOKENS: parsing stopped there. */
  QUERY_TOO_LARGE: 'QUERY_TOO_LARGE',
  // Subscriptions (docs/subscriptions.md).
  /** `orderUpdated` for an order HL Connect does not know: the subscription ends with this error. */
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  /** `checkoutUpdated` for a checkout that is not the caller's (or does not exist): refused, the same either way. */
  CHECKOUT_NOT_FOUND: 'CHECKOUT_NOT_FOUND',
  /** MAX_SUBSCRIPTIONS_PER_CONNECTION or MAX_SUBSCRIPTIONS_TOTAL reached: this subscription was not started. */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** Only subscriptions are served over WebSocket; queries and mutations go over HTTP. */
  OPERATION_NOT_SUPPORTED: 'OPERATION_NOT_SUPPORTED',
  /** The gateway is shutting down: no new subscription starts. */
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  // Limits enforced while the operation runs: the field that would pass them fails, nothing is sent.
  /** The operation has made MAX_QUERY_COST vendor calls (every attempt counted). */
  QUERY_BUDGET_EXCEEDED: 'QUERY_BUDGET_EXCEEDED',
  /** REQUEST_DEADLINE_MS has passed: no new vendor call starts, and reads in flight were cut. */
  REQUEST_DEADLINE_EXCEEDED: 'REQUEST_DEADLINE_EXCEEDED',
  /** The caller's requests or vendor calls per second are used up across the fleet (HTTP 429 with Retry-After); nothing was sent. */
  RATE_LIMITED: 'RATE_LIMITED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const UPSTREAM_CODE: Record<UpstreamFailure, ErrorCode> = {
  UNAVAILABLE: ErrorCode.UPSTREAM_UNAVAILABLE,
  TIMEOUT: ErrorCode.UPSTREAM_TIMEOUT,
  AUTH_FAILED: ErrorCode.UPSTREAM_AUTH_FAILED,
  BAD_RESPONSE: ErrorCode.UPSTREAM_BAD_RESPONSE,
};

export const REQUEST_LIMIT_CODE: Record<RequestLimit, ErrorCode> = {
  QUERY_BUDGET: ErrorCode.QUERY_BUDGET_EXCEEDED,
  REQUEST_DEADLINE: ErrorCode.REQUEST_DEADLINE_EXCEEDED,
};

/** Codes Apollo Server and graphql-js raise for bad requests; safe to show as they are. */
export const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);
