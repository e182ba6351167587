import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { Kind, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from '../../graphql';
import { sharedAnswerOf, type SharedAnswerKind } from '../../graphql/caching';

export interface SharedAnswersOptions {
  /** Where answers are kept: the shared Redis, or this process's memory. */
  cache: KeyValueCache<string>;
  /** How long each kind of answer is shared, seconds (0: not cached). */
  ttlS: Record<SharedAnswerKind, number>;
}

/**
 * Apollo's response cache for the root fields the schema marks `SharedAnswer`: a query
 * made only of them is answered from the cache (keyed by its text, operation name,
 * variables and the caller's scopes) for the shortest of their TTLs. Apollo's
 * `@cacheControl` plugin cannot set the policy here, since compiled execution bypasses
 * its per-field hooks: the policy comes from the hints of the root fields instead. Any
 * other query neither reads nor writes the cache; answers with errors are never stored.
 */
export function sharedAnswersPlugin(options: SharedAnswersOptions): ApolloServerPlugin<GatewayContext> {
  const ttls = new WeakMap<OperationDefinitionNode, number>();
  const ttlOf = (request: GraphQLRequestContext<GatewayContext>): number => {
    const { operation, document, schema } = request;
    if (!operation || !document || operation.operation !== 'query') return 0;
    let ttl = ttls.get(operation);
    if (ttl === undefined) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      ttl = sharedTtl(schema, operation.selectionSet, fragments, options.ttlS);
      ttls.set(operation, ttl);
    }
    return ttl;
  };
  return responseCachePlugin<GatewayContext>({
    cache: options.cache,
    // Who may see what: a caller without the field's scope must not read another's answer.
    extraCacheKeyData: async ({ contextValue }) => [...contextValue.caller.scopes].sort().join(' '),
    shouldReadFromCache: async (request) => ttlOf(request) > 0,
    shouldWriteToCache: async (request) => {
      const ttl = ttlOf(request);
      if (ttl <= 0) return false;
      request.overallCachePolicy.restrict({ maxAge: ttl, scope: 'PUBLIC' });
      return true;
    },
  });
}

/** The shortest TTL of the root fields selected, or 0 when one of them may not be shared. */
function sharedTtl(schema: GraphQLSchema, selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, ttlS: Record<SharedAnswerKind, number>): number {
  const fields = schema.getQueryType()?.getFields() ?? {};
  let ttl = Number.POSITIVE_INFINITY;
  const visit = (set: SelectionSetNode, seen: Set<string>): boolean => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') continue;
        const field = fields[selection.name.value];
        const kind = field ? sharedAnswerOf(field) : undefined;
        if (!kind) return false;
        ttl = Math.min(ttl, ttlS[kind]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!visit(selection.selectionSet, seen)) return false;
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) return false;
        if (!visit(fragment.selectionSet, new Set([...seen, name]))) return false;
      }
    }
    return true;
  };
  if (!visit(selectionSet, new Set()) || ttl === Number.POSITIVE_INFINITY) return 0;
  return ttl;
}
