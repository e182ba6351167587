import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { buildGatewaySchema } from '../../src/graphql';

describe('schema/schema.graphql', () => {
  it('is exactly the schema the code builds (run `npm run schema` after changing the graph)', async () => {
    const committed = readFileSync(join(__dirname, '../../schema/schema.graphql'), 'utf8');
    expect(`${printSchema(await buildGatewaySchema())}\n`).toBe(committed);
  });
});
