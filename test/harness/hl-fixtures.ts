import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { RegisterPurchaseDocument, ValidatePurchaseDocument } from '../generated/operations';
import type { GraphQLTestClient } from './graphql-client';

/** Validates and registers one HL Connect order line of the standard asset, failing the test on any refusal. */
export async function registerHlLine(client: GraphQLTestClient, line: { orderNumber: number; orderLineId: number }): Promise<void> {
  const validated = await client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
  const token = validated.data?.validatePurchase.validationToken?.token;
  if (!token) throw new Error(`validatePurchase refused: ${JSON.stringify(validated.errors ?? validated.data)}`);
  const registered = await client.execute(RegisterPurchaseDocument, {
    input: { token, ...line, lineItemPrice: '3.00', unitPrice: '3.00', customer: 'Fanny Mendelssohn' },
  });
  const userErrors = registered.data?.registerPurchase.userErrors;
  if (!userErrors || userErrors.length > 0) throw new Error(`registerPurchase refused: ${JSON.stringify(registered.errors ?? userErrors)}`);
}
