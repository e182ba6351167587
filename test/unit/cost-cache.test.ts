import { parse } from 'graphql';
import { CostCache } from '../../src/graphql/limits/cost-cache';
import type { CostEstimate } from '../../src/graphql/limits/query-cost';

function counting(cache: CostCache, query: string) {
  const document = parse(query);
  let computed = 0;
  const estimate = (variables: Record<string, unknown>, result: CostEstimate = { kind: 'cost', cost: 7 }) =>
    cache.estimate(query, document, variables, () => {
      computed += 1;
      return result;
    });
  return { estimate, computed: () => computed };
}

describe('operation costs reused across requests', () => {
  it('computes once for variables the cost cannot depend on', () => {
    const op = counting(new CostCache(), 'mutation V($input: ValidatePurchaseInput!) { validatePurchase(input: $input) { userErrors { code } } }');
    expect(op.estimate({ input: { assetId: 1, quantity: 1 } })).toEqual({ kind: 'cost', cost: 7 });
    op.estimate({ input: { assetId: 2, quantity: 5 } });
    expect(op.computed()).toBe(1);
  });

  it('keys a list in orderIds by its length, and first by its value', () => {
    const op = counting(
      new CostCache(),
      'query O($ids: [SafeInt!]!, $first: Int, $id: SafeInt!) { orders(orderIds: $ids) { orderId } assets(first: $first) { edges { cursor } } order(orderId: $id) { orderId } }',
    );
    op.estimate({ ids: [1, 2, 3], first: 10, id: 1 });
    op.estimate({ ids: [4, 5, 6], first: 10, id: 2 });
    expect(op.computed()).toBe(1);
    op.estimate({ ids: [4, 5, 6, 7], first: 10, id: 2 });
    op.estimate({ ids: [4, 5, 6, 7], first: 11, id: 2 });
    expect(op.computed()).toBe(3);
  });

  it('counts variables in cost arguments inside fragments, and in directives', () => {
    const op = counting(
      new CostCache(),
      'query O($ids: [SafeInt!]!, $links: Boolean!) { ...F } fragment F on Query { orders(orderIds: $ids) { items { downloadUrl @include(if: $links) } } }',
    );
    op.estimate({ ids: [1], links: true });
    op.estimate({ ids: [1, 2], links: true });
    op.estimate({ ids: [1, 2], links: false });
    op.estimate({ ids: [3, 4], links: false });
    expect(op.computed()).toBe(3);
  });

  it('never keeps an estimate made with variables that do not fit', () => {
    const op = counting(new CostCache(), 'query O($first: Int) { assets(first: $first) { edges { cursor } } }');
    expect(op.estimate({ first: 'many' }, { kind: 'bad-variables' })).toEqual({ kind: 'bad-variables' });
    op.estimate({ first: 'many' }, { kind: 'bad-variables' });
    expect(op.computed()).toBe(2);
  });

  it('keeps a bounded number of operations, the least recently used forgotten first', () => {
    const cache = new CostCache(3);
    const ops = [1, 2, 3, 4].map((n) => counting(cache, `{ order(orderId: ${n}) { orderId } }`));
    for (const op of ops.slice(0, 3)) op.estimate({});
    ops[0]!.estimate({}); // the first is used again: the second is now the oldest
    ops[3]!.estimate({});
    expect(cache.size).toBe(3);
    ops[0]!.estimate({});
    expect(ops[0]!.computed()).toBe(1);
    ops[1]!.estimate({});
    expect(ops[1]!.computed()).toBe(2);
  });

  it('stays at its default bound however many distinct texts arrive', () => {
    const cache = new CostCache();
    for (let n = 0; n < 2_000; n += 1) counting(cache, `{ order(orderId: ${n}) { orderId } }`).estimate({});
    expect(cache.size).toBe(500);
  });
});
