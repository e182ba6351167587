import { isObjectType, parse, type OperationDefinitionNode } from 'graphql';
import { buildGatewaySchema } from '../../src/graphql';
import { costTable } from '../../src/graphql/limits/cost-model';
import { estimateCost } from '../../src/graphql/limits/query-cost';

describe('query cost model', () => {
  it('prices only fields the schema has (rename a field, rename its entry)', async () => {
    const schema = await buildGatewaySchema();
    for (const key of Object.keys(costTable({ maxIdsPerList: 50, maxCheckoutLines: 50 }))) {
      const [typeName, fieldName] = key.split('.') as [string, string];
      const type = schema.getType(typeName);
      expect(isObjectType(type) && type.getFields()[fieldName] ? key : `${key} is not in the schema`).toBe(key);
    }
  });
});

describe('checkout cost', () => {
  const COMPLETE = parse(`mutation Complete($input: CompleteCheckoutInput!) {
    completeCheckout(input: $input) {
      checkout { state lines { outcome orderItem { downloadUrl viewUrl } ddsOrder { download(type: "application/epub+zip") { url } } } }
      userErrors { code }
    }
  }`);
  const input = { checkoutId: 'x', paymentReference: 'p', orderNumber: 1 };

  it('counts every checkout at MAX_CHECKOUT_LINES lines: one vendor call each, and what each line selects', async () => {
    const schema = await buildGatewaySchema();
    const operation = COMPLETE.definitions[0] as OperationDefinitionNode;
    const cost = (maxCheckoutLines: number) => estimateCost(schema, COMPLETE, operation, { input }, { maxIdsPerList: 50, maxCheckoutLines });
    // 1 ledger write + 50 lines × (1 send + (1 order read + 2 links) + 5 for a DDS download).
    expect(cost(50)).toEqual({ kind: 'cost', cost: 1 + 50 + 50 * (1 + 2 + 5) });
    expect(cost(10)).toEqual({ kind: 'cost', cost: 1 + 10 + 10 * 8 });
  });
});
