import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export interface OperationShape {
  /** Deepest field nesting: `{ orders { items { downloadUrl } } }` is 3. Introspection is not counted. */
  depth: number;
  /** Aliased fields, counting a fragment's aliases once per spread. */
  aliases: number;
  /**
   * Deepest nesting of selection sets of any kind: fields, inline fragments and fragment spreads
   * each count a level, introspection too. `depth` lets `...{ ...{ … } }` through; this bounds it.
   */
  nesting: number;
}

const NONE: OperationShape = { depth: 0, aliases: 0, nesting: 0 };

/**
 * Introspection's entry fields (valid on the root type only). Their depth is not counted:
 * the standard introspection query alone is 15 levels deep, and graphql-js's own
 * MaxIntrospectionDepthRule already bounds the nesting that fans out.
 */
const INTROSPECTION = new Set(['__schema', '__type']);

/**
 * Measures the operation as it will run, fragments included. Each fragment is measured
 * once and its result reused, so nested spreads cannot make this slow.
 */
export function measureOperation(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): OperationShape {
  const measured = new Map<string, OperationShape>();

  function measureFragment(name: string): OperationShape {
    const known = measured.get(name);
    if (known) return known;
    // Validation refuses fragment cycles before this runs; the placeholder only guards against one.
    measured.set(name, NONE);
    const fragment = fragments.get(name);
    const shape = fragment ? measure(fragment.selectionSet) : NONE;
    measured.set(name, shape);
    return shape;
  }

  function measure(selectionSet: SelectionSetNode): OperationShape {
    let depth = 0;
    let aliases = 0;
    let nesting = 0;
    for (const selection of selectionSet.selections) {
      let inner: OperationShape;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        const below = selection.selectionSet ? measure(selection.selectionSet) : NONE;
        const fieldDepth = INTROSPECTION.has(selection.name.value) ? 0 : below.depth + 1;
        inner = { depth: fieldDepth, aliases: below.aliases, nesting: below.nesting + 1 };
      } else {
        const below = selection.kind === Kind.INLINE_FRAGMENT ? measure(selection.selectionSet) : measureFragment(selection.name.value);
        inner = { ...below, nesting: below.nesting + 1 };
      }
      depth = Math.max(depth, inner.depth);
      nesting = Math.max(nesting, inner.nesting);
      aliases += inner.aliases;
    }
    return { depth, aliases, nesting };
  }

  return measure(operation.selectionSet);
}
