import { getVariableValues, GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { fanOutEstimator, type CostModelOptions } from './cost-model';

/** More selections than this, fragments expanded, is too costly whatever the fields. */
const MAX_EXPANDED_SELECTIONS = 10_000;

export type CostEstimate =
  | { kind: 'cost'; cost: number }
  /** The variables do not fit the operation: execution refuses it before any resolver runs. */
  | { kind: 'bad-variables' }
  /** So many selections once fragments are expanded that it was not worth counting on. */
  | { kind: 'too-large' };

/** The upstream calls `operation` may cause with these variables (see cost-model.ts). */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  model: CostModelOptions,
): CostEstimate {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return { kind: 'bad-variables' };
  try {
    const cost = getComplexity({
      schema,
      query: document,
      variables,
      ...(operation.name ? { operationName: operation.name.value } : {}),
      estimators: [fanOutEstimator(model)],
      maxQueryNodes: MAX_EXPANDED_SELECTIONS,
    });
    return { kind: 'cost', cost };
  } catch (error) {
    // The variables coerced above, so the GraphQLError left is the selection count bound.
    if (error instanceof GraphQLError) return { kind: 'too-large' };
    throw error;
  }
}
