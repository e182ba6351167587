import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
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
  /** Most lines of a checkout (MAX_CHECKOUT_LINES): every checkout is counted at this many. */
  maxCheckoutLines: number;
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
  const check = operationLimits(limits);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, operationName, request, queryHash, contextValue }) {
          if (!operation) return;
          const verdict = check({ schema, document, operation, variables: request.variables, operationKey: `${queryHash}:${operationName ?? ''}` });
          if (verdict.refused) throw verdict.refused;
          if (admit) await admit(verdict.cost, contextValue);
        },
      };
    },
  };
}

export interface CheckedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
  /** Names the operation within its text (the text's hash and the operation's name): costs are reused by it. */
  operationKey: string;
}

/** An operation's refusal, if any, and its estimated vendor calls (0 when unknown). */
export interface OperationVerdict {
  refused?: GraphQLError;
  cost: number;
}

/**
 * The depth, alias and cost check of a parsed and validated operation, for any transport
 * (HTTP through the plugin, WebSocket subscriptions).
 */
export function operationLimits(limits: QueryLimits): (checked: CheckedOperation) => OperationVerdict {
  const costs = new CostCache();
  return ({ schema, document, operation, variables, operationKey }) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }

    const shape = measureOperation(operation, fragments);
    const maxNesting = selectionNestingLimit(limits.maxDepth);
    if (shape.nesting > maxNesting) {
      const message = `The query nests selections ${shape.nesting} levels deep (fields, inline fragments and fragment spreads each count); at most ${maxNesting} are allowed.`;
      return { refused: refusal(ErrorCode.QUERY_TOO_DEEP, message, maxNesting, shape.nesting), cost: 0 };
    }
    if (shape.depth > limits.maxDepth) {
      return { refused: refusal(ErrorCode.QUERY_TOO_DEEP, `The query is ${shape.depth} levels deep; at most ${limits.maxDepth} are allowed.`, limits.maxDepth, shape.depth), cost: 0 };
    }
    if (shape.aliases > limits.maxAliases) {
      return {
        refused: refusal(ErrorCode.TOO_MANY_ALIASES, `The query has ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed.`, limits.maxAliases, shape.aliases),
        cost: 0,
      };
    }

    const estimate = costs.estimate(operationKey, document, variables, () =>
      estimateCost(schema, document, operation, variables, { maxIdsPerList: limits.maxIdsPerList, maxCheckoutLines: limits.maxCheckoutLines }),
    );
    if (estimate.kind === 'too-large') {
      return { refused: refusal(ErrorCode.QUERY_TOO_COSTLY, 'The query has too many selections once its fragments are expanded.', limits.maxCost), cost: 0 };
    }
    if (estimate.kind === 'cost' && estimate.cost > limits.maxCost) {
      const message = `The query may cost ${estimate.cost} upstream calls; at most ${limits.maxCost} are allowed. Ask for fewer ids, a smaller page or fewer links per request.`;
      return { refused: refusal(ErrorCode.QUERY_TOO_COSTLY, message, limits.maxCost, estimate.cost), cost: estimate.cost };
    }
    return { cost: estimate.kind === 'cost' ? estimate.cost : 0 };
  };
}

/**
 * How deep selection sets of any kind may nest: fragments do not add to the field depth, so
 * `{ ...{ ...{ … } } }` needs a bound of its own before the cost estimate walks it (thousands of
 * levels overflow its stack). Far above anything the depth limit lets through; the standard
 * introspection query nests 18 levels.
 */
export const selectionNestingLimit = (maxDepth: number): number => Math.max(50, 4 * maxDepth);

function refusal(code: ErrorCode, message: string, limit: number, actual?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, limit, ...(actual === undefined ? {} : { actual }), http: { status: 400 } },
  });
}
