import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { Kind, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { createHash } from 'node:crypto';
import type { GatewayContext } from '../../graphql';
import { sharedAnswerOf, type SharedAnswerKind } from '../../graphql/caching';
import { SerializedData } from '../serialized-data';

export interface SharedAnswersOptions {
  /** Where answers are kept: the shared Redis, or this process's memory. */
  cache: KeyValueCache<string>;
  /** How long each kind of answer is shared, seconds (0: not cached). */
  ttlS: Record<SharedAnswerKind, number>;
}

/** Keys of this answer format (`<cached at, ms>:<data as JSON>`); another format gets other keys. */
const KEY_PREFIX = 'answer:v2:';

/**
 * Shared answers for the root fields the schema marks `SharedAnswer`: a query made only of
 * them is answered from the cache (keyed by its text, operation name, variables and the
 * caller's scopes) for the shortest of their TTLs, with an `Age` header. Any other query
 * neither reads nor writes the cache; answers with errors are never stored.
 *
 * Apollo's response cache plugin did this before; it keeps an answer's data as JSON, parses it
 * on every hit and Apollo encodes it again, half of a hit's CPU (docs/hot-paths.md). Here
 * the data is stored as the JSON text it was sent as and written into the response as it is
 * (`SerializedData`); the request still runs Apollo's pipeline (credentials, limits, rate
 * limits, telemetry). Its `@cacheControl` hints could not set the policy in any case: compiled
 * execution bypasses their per-field hooks, so the policy comes from the root fields' hints.
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
  const keyOf = (request: GraphQLRequestContext<GatewayContext>): string => {
    // Who may see what: a caller without the field's scope must not read another's answer.
    const scopes = [...request.contextValue.caller.scopes].sort().join(' ');
    const material = JSON.stringify([request.source, request.operationName ?? null, request.request.variables ?? {}, scopes]);
    return KEY_PREFIX + createHash('sha256').update(material).digest('hex');
  };
  const { cache } = options;

  return {
    async requestDidStart() {
      let key: string | undefined;
      let ttl = 0;
      let ageS: number | undefined;
      return {
        async responseForOperation(request) {
          ttl = ttlOf(request);
          if (ttl <= 0) return null;
          key = keyOf(request);
          const stored = await cache.get(key);
          const colon = stored?.indexOf(':') ?? -1;
          const cachedAt = colon > 0 ? Number(stored!.slice(0, colon)) : Number.NaN;
          if (!Number.isFinite(cachedAt)) return null;
          ageS = Math.max(0, Math.round((Date.now() - cachedAt) / 1000));
          return {
            http: { status: undefined, headers: request.response.http.headers },
            body: { kind: 'single', singleResult: { data: new SerializedData(stored!.slice(colon + 1)) as never } },
          };
        },
        async willSendResponse(request) {
          const { response } = request;
          if (response.body.kind !== 'single' || !key) return;
          if (ageS !== undefined) {
            response.http.headers.set('age', String(ageS));
            return;
          }
          const { data, errors } = response.body.singleResult;
          if (errors || !data) return;
          const value = `${Date.now()}:${JSON.stringify(data)}`;
          // Best effort: the cache (Redis or memory) bypasses its own failures.
          cache.set(key, value, { ttl }).catch((error: unknown) => request.logger.warn(`shared answer not stored: ${String(error)}`));
        },
      };
    },
  };
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
