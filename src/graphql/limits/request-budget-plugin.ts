import type { ApolloServerPlugin } from '@apollo/server';
import { currentRequestContext, RequestBudget } from '../../observability';

export interface RequestBudgetLimits {
  /** Most vendor calls one request may make, every attempt counted (MAX_QUERY_COST). */
  maxCalls: number;
  /** How long one request may keep calling vendors, ms (REQUEST_DEADLINE_MS). */
  deadlineMs: number;
}

/**
 * Gives each GraphQL request its budget of vendor calls and its deadline, in the request
 * context where every vendor call (src/vendors/http) takes from it: one counter per
 * request, one decrement per call.
 */
export function requestBudgetPlugin<TContext extends object>(limits: RequestBudgetLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const context = currentRequestContext();
      if (context) context.budget = new RequestBudget(limits.maxCalls, limits.deadlineMs);
    },
  };
}
