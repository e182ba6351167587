import { getNullableType, isListType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

/**
 * graphql-jit (0.8) leaves a list's last item out when its promise rejects before an earlier
 * item's promise has settled (`[pending, rejected]` answers one item, not `[…, null]`).
 * The root list fields (`orders`, `nodes`, `ddsOrders`, …) answer one promise per id: here
 * each item's rejection becomes the item's value, an Error, which both graphql-jit and
 * graphql-js report at that item's path with its own extensions, keeping the item null.
 */
export function settleRootListItems(schema: GraphQLSchema): void {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const resolve = field.resolve;
      if (!resolve || !isListType(getNullableType(field.type))) continue;
      field.resolve = settledItems(resolve);
    }
  }
}

function settledItems(resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const value = resolve(source, args, context, info);
    return isPromiseLike(value) ? Promise.resolve(value).then(settle) : settle(value);
  };
}

function settle(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item) => (isPromiseLike(item) ? Promise.resolve(item).catch(asError) : item));
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
