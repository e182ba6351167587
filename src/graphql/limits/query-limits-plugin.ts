import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode } from 'graphql';
import { ErrorCode } from '../errors/error-codes';
import { measureOperation } from './operation-shape';
import { CostCache } from './cost-cache';
import { estimateCost } from './query-cost';

export interface QueryLimits {
  /** Deepest field nesting allowed. */
  maxDepth: number;
  /** Most aliased fields in one operation. */
  maxAliases: number;
  /** Most upstream calls one operation may cause, as estimated (docs/limits.md). */
  maxCost: number;
  /** Longest id list of `orders` and `ddsOrders`: the cost counts no further, since the field refuses longer ones. */
  maxIdsPerList: number;
}

/**
 * Runs once an operation has passed the limits, with its estimated vendor calls (0 when
 * unknown): throwing a GraphQLError refuses it before anything runs (a caller's rate limit).
 */
export type Admission<TContext> = (estimatedCost: number, contextValue: TContext) => Promise<void>;

/**
 * Refuses an operation that is too deep, has too many aliases or would cost too many
 * upstream calls, once it is parsed and validated and before anything runs: HTTP 400
 * with a coded error, and nothing sent to a vendor. Checked on every request, since the
 * cost depends on the variables (reused for the same values of the few it depends on).
 */
export function queryLimitsPlugin<TContext extends object>(limits: QueryLimits, admit?: Admission<TContext>): ApolloServerPlugin<TContext> {
  const costs = new CostCache();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, operationName, request, queryHash, contextValue }) {
          if (!operation) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          }

          const shape = measureOperation(operation, fragments);
          if (shape.depth > limits.maxDepth) {
            throw refusal(ErrorCode.QUERY_TOO_DEEP, `The query is ${shape.depth} levels deep; at most ${limits.maxDepth} are allowed.`, limits.maxDepth, shape.depth);
          }
          if (shape.aliases > limits.maxAliases) {
            throw refusal(ErrorCode.TOO_MANY_ALIASES, `The query has ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed.`, limits.maxAliases, shape.aliases);
          }

          const estimate = costs.estimate(`${queryHash}:${operationName ?? ''}`, document, request.variables, () =>
            estimateCost(schema, document, operation, request.variables, { maxIdsPerList: limits.maxIdsPerList }),
          );
          if (estimate.kind === 'too-large') {
            throw refusal(ErrorCode.QUERY_TOO_COSTLY, 'The query has too many selections once its fragments are expanded.', limits.maxCost);
          }
          if (estimate.kind === 'cost' && estimate.cost > limits.maxCost) {
            throw refusal(
              ErrorCode.QUERY_TOO_COSTLY,
              `The query may cost ${estimate.cost} upstream calls; at most ${limits.maxCost} are allowed. Ask for fewer ids, a smaller page or fewer links per request.`,
              limits.maxCost,
              estimate.cost,
            );
          }
          if (admit) await admit(estimate.kind === 'cost' ? estimate.cost : 0, contextValue);
        },
      };
    },
  };
}

function refusal(code: ErrorCode, message: string, limit: number, actual?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, limit, ...(actual === undefined ? {} : { actual }), http: { status: 400 } },
  });
}
