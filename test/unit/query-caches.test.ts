import { buildSchema, parse, type DocumentNode } from 'graphql';
import { isCompiledQuery } from 'graphql-jit';
import { CompiledPlans } from '../../src/server/compiled-plans';
import { createDocumentStore } from '../../src/server/document-store';

const schema = buildSchema('type Query { order(orderId: Int!): Int }');
const text = (n: number) => `{ order(orderId: ${n}) }`;

describe('caches that ride on query texts are bounded', () => {
  it('compiled plans: at most the bound, by text and operation name, least recently used forgotten first', () => {
    const plans = new CompiledPlans(schema, 3);
    const documents = [0, 1, 2, 3].map((n) => parse(text(n)));
    const first = plans.get('h0', documents[0]!, null);
    expect(isCompiledQuery(first)).toBe(true);
    const second = plans.get('h1', documents[1]!, null);
    plans.get('h2', documents[2]!, null);
    expect(plans.get('h0', documents[0]!, null)).toBe(first);
    plans.get('h3', documents[3]!, null);
    expect(plans.size).toBe(3);
    // h1 was the least recently used: forgotten, so compiled again; h0 kept.
    expect(plans.get('h0', documents[0]!, null)).toBe(first);
    expect(plans.get('h1', documents[1]!, null)).not.toBe(second);
  });

  it('compiled plans: the default bound holds for thousands of distinct texts', () => {
    const plans = new CompiledPlans(schema);
    for (let n = 0; n < 1_500; n += 1) plans.get(`h${n}`, parse(text(n)), null);
    expect(plans.size).toBe(500);
  });

  it('Apollo’s document store keeps a bounded number of documents', async () => {
    const store = createDocumentStore();
    for (let n = 0; n < 20_000; n += 1) await store.set(`h${n}`, parse(`{ a${n}: order(orderId: ${n}) }`));
    const kept = store.keys().length;
    expect(kept).toBeGreaterThan(1_000);
    expect(kept).toBeLessThan(20_000);
    expect(await store.get('h19999')).toBeDefined();
    expect(await store.get('h0')).toBeUndefined();
  });

  it('Apollo’s document store holds no document larger than its bound', async () => {
    const store = createDocumentStore(1_024);
    const big: DocumentNode = parse(`{ ${Array.from({ length: 100 }, (_, n) => `a${n}: order(orderId: ${n})`).join(' ')} }`);
    await store.set('big', big);
    expect(store.keys()).toEqual([]);
  });
});
