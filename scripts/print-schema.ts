import 'reflect-metadata';
import { printSchema } from 'graphql';
import { buildGatewaySchema } from '../src/graphql';

/** Prints the SDL the code builds; `npm run schema` writes it to schema/schema.graphql. */
buildGatewaySchema().then(
  (schema) => process.stdout.write(`${printSchema(schema)}\n`),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
