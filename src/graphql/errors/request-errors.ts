import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './error-codes';

/**
 * Apollo Server's own refusals of a request that it raises without a code (so they would
 * be masked as internal errors): an APQ hash that is not the query's, an APQ version
 * other than 1. Both are the client's mistake, answered 400.
 */
const APOLLO_BAD_REQUESTS = new Set(['provided sha does not match query', 'Unsupported persisted query version']);

/** graphql-js's message when parsing stops at `maxTokens` (graphql 16 spells it "more that"). */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\./;

/** graphql-js's hints: "Did you mean "order"?", "Did you mean the enum value …?", "Did you mean to use an inline fragment …?". */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * The client-facing form of a request error Apollo or graphql-js raised, or undefined
 * when it is not one of those recognised here.
 */
export function recognisedRequestError(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  if (APOLLO_BAD_REQUESTS.has(formatted.message)) {
    return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  }
  const tokens = formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? TOO_MANY_TOKENS.exec(formatted.message) : null;
  if (tokens) {
    const limit = Number(tokens[1]);
    return {
      message: `The query has more than ${limit} tokens; at most ${limit} are allowed.`,
      extensions: { code: ErrorCode.QUERY_TOO_LARGE, limit },
    };
  }
  return undefined;
}

/**
 * A validation or input-coercion message without graphql-js's "Did you mean …?" hints:
 * with introspection off they would reveal field, enum value and input field names.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}
