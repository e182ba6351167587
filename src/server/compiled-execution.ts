import type { GatewayExecutor, GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { getVariableValues, GraphQLError, printSchema, type GraphQLSchema } from 'graphql';
import { isCompiledQuery } from 'graphql-jit';
import { CompiledPlans } from './compiled-plans';

/**
 * Runs operations compiled by graphql-jit instead of interpreting them with graphql-js:
 * the same schema, resolvers, errors and null propagation, at a fraction of the per-field
 * cost (a page of 50 assets executes in about 45 µs instead of 620; `npm run bench:costs`).
 * Apollo Server's only hook for replacing execution is its gateway interface, used here
 * for that alone: parsing, validation, plugins and error formatting stay Apollo's.
 */
export function compiledExecution(schema: GraphQLSchema, plans: CompiledPlans = new CompiledPlans(schema)): GatewayInterface {
  const listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();

  const executor: GatewayExecutor = async (request) => {
    // Apollo found no operation to run: answered with errors, it is OPERATION_RESOLUTION_FAILURE (400).
    if (!request.operation) return { errors: [unresolvedOperation(request.request.operationName ?? null)] };
    const entry = plans.get(request.queryHash, request.document, request.operationName);
    if (!isCompiledQuery(entry)) return entry;
    // graphql-js coerces the variables (graphql-jit 0.8 leaves input fields' defaults out);
    // its errors are the ones Apollo reports as BAD_USER_INPUT with a 400.
    const variables = getVariableValues(schema, request.operation.variableDefinitions ?? [], request.request.variables ?? {});
    if (variables.errors) return { errors: variables.errors };
    const result = await entry.query(undefined, request.context, variables.coerced);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async load() {
      const coreSupergraphSdl = printSchema(schema);
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl });
      return { executor };
    },
    async stop() {
      listeners.clear();
    },
  };
}

/** graphql-js's words for an operation it cannot pick (graphql-jit throws them instead). */
function unresolvedOperation(operationName: string | null): GraphQLError {
  return new GraphQLError(operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.');
}

/**
 * graphql-jit's errors are GraphQLErrors by prototype only (no `extensions` object, no
 * `toJSON`); Apollo's error formatting expects graphql-js's. Same message, path, locations,
 * original error and extensions (graphql-js takes the original error's when there are none).
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const converted = new GraphQLError(error.message, {
    ...(error.path ? { path: error.path } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    ...(error.extensions ? { extensions: error.extensions } : {}),
  });
  if (error.locations) (converted as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return converted;
}
