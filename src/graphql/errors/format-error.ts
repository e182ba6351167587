import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { VENDOR_DISPLAY_NAME } from '../../domain';
import type { RequestLimit } from '../../observability';
import { RequestLimitError, UpstreamError, type AttemptOutcome, type UpstreamFailure } from '../../vendors/http';
import { ErrorCode, REQUEST_ERROR_CODES, REQUEST_LIMIT_CODE, UPSTREAM_CODE } from './error-codes';
import { recognisedRequestError, withoutSuggestions } from './request-errors';

const UPSTREAM_MESSAGE: Record<UpstreamFailure, (vendor: string) => string> = {
  UNAVAILABLE: (v) => `${v} is unavailable right now. Try again later.`,
  TIMEOUT: (v) => `${v} did not answer in time.`,
  AUTH_FAILED: (v) => `${v} refused the gateway's credentials.`,
  BAD_RESPONSE: (v) => `${v} sent an answer the gateway could not use.`,
};

/** Apollo's refusal of introspection tells how to turn it on in Apollo's own terms; this gateway's setting is named instead. */
const INTROSPECTION_REFUSED = /^GraphQL introspection is not allowed by Apollo Server/;
const INTROSPECTION_MESSAGE = 'GraphQL introspection is not allowed by this gateway, but the query contained __schema or __type. Operators turn it on with GRAPHQL_INTROSPECTION=true.';

/** What a mutation's caller may conclude, after the vendor's failure: appended to its message. */
const OUTCOME_MESSAGE: Record<AttemptOutcome, string> = {
  NOT_APPLIED: ' Nothing was applied: the request may be sent again.',
  UNKNOWN: ' The vendor may have applied it: ask again with the same idempotency key. The gateway never sends it twice; it asks the vendor what happened and answers that.',
  NEEDS_ATTENTION: ' The vendor may have applied it and offers no way to check: an operator must confirm it. Do not send it again under another key.',
};

/** A vendor failure's answer: its message and code, with the attempt's outcome when it ended a mutation's attempt. */
const upstreamAnswer = (error: UpstreamError, message: string, code: string) => ({
  message: error.outcome ? message + OUTCOME_MESSAGE[error.outcome] : message,
  extensions: { code, vendor: error.vendor, ...(error.outcome ? { outcome: error.outcome } : {}) },
});

const REQUEST_LIMIT_MESSAGE: Record<RequestLimit, string> = {
  QUERY_BUDGET: 'The query has made as many upstream calls as one request may (MAX_QUERY_COST); this field was not fetched. Ask for fewer ids or links per request.',
  REQUEST_DEADLINE: 'The request ran out of time before this field could be fetched.',
};

const OUR_CODES = new Set<string>(Object.values(ErrorCode));

export interface FormatErrorOptions {
  /** Keep graphql-js's "Did you mean …?" hints: only where the schema may be introspected anyway. */
  suggestions: boolean;
}

/**
 * Errors are masked by default: vendor faults become coded upstream errors, deliberate
 * request errors pass, and anything else is logged and answered as a generic internal
 * error. No stack trace, URL or credential reaches a response.
 */
export function createFormatError(logger: Logger, options: FormatErrorOptions = { suggestions: true }) {
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };

    if (original instanceof RequestLimitError) {
      // The caller's own request ran out of calls or time: not worth a warning per field.
      logger.debug({ vendor: original.vendor, operation: original.operation, limit: original.limit, path: formatted.path }, 'vendor call stopped by a request limit');
      return { ...base, ...upstreamAnswer(original, REQUEST_LIMIT_MESSAGE[original.limit], REQUEST_LIMIT_CODE[original.limit]) };
    }

    if (original instanceof UpstreamError) {
      logger.warn(
        { vendor: original.vendor, operation: original.operation, failure: original.failure, status: original.status, detail: original.detail, path: formatted.path },
        'upstream failure',
      );
      return { ...base, ...upstreamAnswer(original, UPSTREAM_MESSAGE[original.failure](VENDOR_DISPLAY_NAME[original.vendor]), UPSTREAM_CODE[original.failure]) };
    }

    const recognised = recognisedRequestError(formatted);
    if (recognised) {
      logger.debug({ code: recognised.extensions?.code }, 'request refused');
      return recognised;
    }

    const code = formatted.extensions?.code;
    if (typeof code === 'string' && (REQUEST_ERROR_CODES.has(code) || OUR_CODES.has(code)) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
      const message = options.suggestions ? formatted.message : withoutSuggestions(formatted.message);
      return { ...base, message: INTROSPECTION_REFUSED.test(message) ? INTROSPECTION_MESSAGE : message, extensions };
    }

    logger.error({ err: original, path: formatted.path }, 'unexpected error while executing an operation');
    return { ...base, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
