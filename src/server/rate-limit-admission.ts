import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { CallerRateLimiter, RateLimitRefusal } from '../fleet';
import type { GatewayContext } from '../graphql';
import { ErrorCode } from '../graphql/errors/error-codes';
import type { Admission } from '../graphql/limits';

const MESSAGE: Record<RateLimitRefusal, string> = {
  requests: 'Too many requests for this caller. Try again after Retry-After seconds.',
  vendor_calls: 'This caller has used its vendor calls per second. Try again after Retry-After seconds.',
  redis_unavailable: 'Rate limits cannot be checked right now. Try again after Retry-After seconds.',
};

/**
 * The caller's rate limits as an Admission of the query limits: over them, the request is
 * answered HTTP 429 with `Retry-After` and `RATE_LIMITED`, and nothing is sent to a vendor.
 */
export function rateLimitAdmission(limiter: CallerRateLimiter, onRefused?: (refusal: RateLimitRefusal) => void): Admission<GatewayContext> {
  return async (estimatedCost, { caller }) => {
    const admission = await limiter.admit(caller, estimatedCost);
    if (admission.admitted) return;
    onRefused?.(admission.refusal);
    throw new GraphQLError(MESSAGE[admission.refusal], {
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        retryAfterSeconds: admission.retryAfterS,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(admission.retryAfterS)]]) },
      },
    });
  };
}
