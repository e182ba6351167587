import { visit, type ArgumentNode, type DocumentNode } from 'graphql';
import { COST_ARGUMENTS } from './cost-model';
import { LruMap } from './lru-map';
import type { CostEstimate } from './query-cost';

/** Costs kept per operation; past this many variable combinations, the operation's cache starts over. */
const MAX_KEYS_PER_OPERATION = 64;
/** Operations whose costs are kept, least recently used forgotten first. */
const MAX_OPERATIONS = 500;

interface OperationCosts {
  /** Variables that can change the cost: used in a cost argument or in a directive. */
  variables: string[];
  byKey: Map<string, CostEstimate>;
}

/**
 * Operation costs reused across requests. Estimating walks the whole operation with type
 * information and coerces its variables (a tenth of a small mutation's CPU), yet a cost only
 * depends on the few variables in `orderIds`, `first` or `@include`/`@skip`, and of a list
 * only on its length. Keyed by the query text's hash and the operation's name, and bounded:
 * callers choose the texts, so the cache must not grow with them.
 */
export class CostCache {
  private readonly operations: LruMap<string, OperationCosts>;

  constructor(maxOperations = MAX_OPERATIONS) {
    this.operations = new LruMap(maxOperations);
  }

  /** Operations whose costs are kept. */
  get size(): number {
    return this.operations.size;
  }

  /** `operationKey` names the operation within its text: the text's hash and the operation's name. */
  estimate(operationKey: string, document: DocumentNode, variables: Record<string, unknown> | undefined, compute: () => CostEstimate): CostEstimate {
    let costs = this.operations.get(operationKey);
    if (!costs) {
      costs = { variables: costVariables(document), byKey: new Map() };
      this.operations.set(operationKey, costs);
    }
    const key = JSON.stringify(costs.variables.map((name) => keyPart(variables?.[name])));
    const known = costs.byKey.get(key);
    if (known) return known;
    const estimate = compute();
    // A request whose variables do not fit is refused by execution; its estimate says nothing of others.
    if (estimate.kind === 'bad-variables') return estimate;
    if (costs.byKey.size >= MAX_KEYS_PER_OPERATION) costs.byKey.clear();
    costs.byKey.set(key, estimate);
    return estimate;
  }
}

/** A list counts by its length only; anything else by its value. */
function keyPart(value: unknown): unknown {
  return Array.isArray(value) ? { length: value.length } : (value ?? null);
}

/** Names of the variables in cost arguments and directive arguments, anywhere in the document (fragments too). */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  let inside = 0;
  const counted = (node: ArgumentNode) => COST_ARGUMENTS.has(node.name.value);
  visit(document, {
    Argument: {
      enter: (node) => void (counted(node) && (inside += 1)),
      leave: (node) => void (counted(node) && (inside -= 1)),
    },
    Directive: {
      enter: () => void (inside += 1),
      leave: () => void (inside -= 1),
    },
    // biome-ignore lint/correctness/noComponentHookFactories: a GraphQL visitor key, not a React component
    Variable: (node) => void (inside > 0 && names.add(node.name.value)),
  });
  return [...names].sort();
}
