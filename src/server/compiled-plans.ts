import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import { compileQuery, type CompiledQuery } from 'graphql-jit';
import { LruMap } from '../graphql/limits/lru-map';

/** Compiled operations kept: a plan is generated JavaScript, tens of kilobytes each. */
const MAX_PLANS = 500;

/**
 * graphql-jit plans by query text (its hash) and operation name, least recently used
 * forgotten first. Callers choose the texts: unbounded, every distinct text would keep
 * its plan, and the document it was compiled from, for good.
 */
export class CompiledPlans {
  private readonly plans: LruMap<string, CompiledQuery | ExecutionResult>;

  constructor(
    private readonly schema: GraphQLSchema,
    maxPlans = MAX_PLANS,
  ) {
    this.plans = new LruMap(maxPlans);
  }

  /** Plans kept. */
  get size(): number {
    return this.plans.size;
  }

  /** The plan for `operationName` in the document whose text hashes to `queryHash`; compiled on first use. */
  get(queryHash: string, document: DocumentNode, operationName: string | null): CompiledQuery | ExecutionResult {
    const key = `${queryHash}:${operationName ?? ''}`;
    let plan = this.plans.get(key);
    if (!plan) {
      plan = compileQuery(this.schema, document, operationName ?? undefined);
      this.plans.set(key, plan);
    }
    return plan;
  }
}
