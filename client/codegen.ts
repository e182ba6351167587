import type { CodegenConfig } from '@graphql-codegen/cli';
import { GATEWAY_SCALARS } from './scalars';

/**
 * GraphQL Code Generator's client preset for frontends of the purchase gateway: typed
 * `graphql()` documents for Apollo Client (queries, mutations, the `orderUpdated`
 * subscription) with the gateway's scalars mapped. Copy this file and scalars.ts into the
 * frontend, or run it from here:
 *
 *   npx graphql-codegen --config codegen.ts
 *
 * GATEWAY_SCHEMA    the gateway's SDL: a path to schema/schema.graphql (default: this
 *                   repository's), or the gateway's URL where introspection is on
 * CLIENT_DOCUMENTS  where the frontend's operations are written (default `src/**\/*.{ts,tsx}`)
 * CLIENT_OUTPUT     the folder generated (default `src/gql/`)
 */
const config: CodegenConfig = {
  schema: process.env.GATEWAY_SCHEMA ?? `${__dirname}/../schema/schema.graphql`,
  documents: process.env.CLIENT_DOCUMENTS ?? 'src/**/*.{ts,tsx}',
  ignoreNoDocuments: true,
  generates: {
    [process.env.CLIENT_OUTPUT ?? 'src/gql/']: {
      preset: 'client',
      config: {
        scalars: GATEWAY_SCALARS,
        // Enums as string unions: `status === 'COMPLETED'` needs no import.
        enumsAsTypes: true,
        useTypeImports: true,
        // Unknown scalars would be `any`: a new scalar must be mapped here first.
        strictScalars: true,
      },
      // Operations' results as written, without fragment masking.
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
