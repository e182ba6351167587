import { isObjectType } from 'graphql';
import { buildGatewaySchema } from '../../src/graphql';
import { costTable } from '../../src/graphql/limits/cost-model';

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
