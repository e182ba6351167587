import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { PlaceDdsOrderDocument, RegisterPurchaseDocument, ValidatePurchaseDocument } from '../generated/operations';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { startHarness, type Harness } from '../harness/gateway-harness';

type Fault = Parameters<Harness['boknett']['faults']['inject']>[0];

const REGISTER = 'POST /purchase/register';
const DDS_ORDER = 'POST /order';

/**
 * Answers that say by HTTP's definition that the vendor did not process the request:
 * the mutation fails, the ledger records NOT_APPLIED (not an unknown outcome), and the
 * same purchase may be sent again.
 */
describe('mutations the vendor did not process', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  const statesOf = async () => (await h.gateway.ledger.list({ first: 100 })).entries.map((e) => e.state);

  it('HL Connect: a 429 to registerPurchase is UPSTREAM_UNAVAILABLE, NOT_APPLIED, and may be sent again', async () => {
    const validated = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
    const token = validated.data!.validatePurchase.validationToken!.token;
    const input = { token, orderNumber: 5301, orderLineId: 1, lineItemPrice: '3.00', unitPrice: '3.00', customer: 'Clara Schumann' };
    h.hl.faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, route: REGISTER, times: 1 });

    const throttled = await h.client.execute(RegisterPurchaseDocument, { input });
    expect(throttled.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', vendor: 'HL_CONNECT', outcome: 'NOT_APPLIED' });
    expect(h.hl.calls.count(REGISTER)).toBe(1);
    expect(await statesOf()).toEqual(['NOT_APPLIED']);

    const again = await h.client.execute(RegisterPurchaseDocument, { input });
    expect(again.errors).toBeUndefined();
    expect(again.data!.registerPurchase.userErrors).toEqual([]);
    expect(h.hl.calls.count(REGISTER)).toBe(2);
    expect(await statesOf()).toEqual(['SUCCEEDED']);
  });

  it.each([406, 415])('HL Connect: a %i to registerPurchase (our own headers refused) is UPSTREAM_BAD_RESPONSE, NOT_APPLIED, and may be sent again', async (status) => {
    const validated = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
    const token = validated.data!.validatePurchase.validationToken!.token;
    const input = { token, orderNumber: 5300 + status, orderLineId: 1, lineItemPrice: '3.00', unitPrice: '3.00', customer: 'Clara Schumann' };
    h.hl.faults.inject({ kind: 'status', status, body: { message: 'not acceptable' }, route: REGISTER, times: 1 });

    const refused = await h.client.execute(RegisterPurchaseDocument, { input });
    expect(refused.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_BAD_RESPONSE', vendor: 'HL_CONNECT', outcome: 'NOT_APPLIED' });
    expect(await statesOf()).toEqual(['NOT_APPLIED']);

    const again = await h.client.execute(RegisterPurchaseDocument, { input });
    expect(again.errors).toBeUndefined();
    expect(again.data!.registerPurchase.userErrors).toEqual([]);
    expect(h.hl.calls.count(REGISTER)).toBe(2);
    expect(await statesOf()).toEqual(['SUCCEEDED']);
  });

  it.each<[string, Fault, string]>([
    ['a 429', { kind: 'status', status: 429 }, 'UPSTREAM_UNAVAILABLE'],
    ['a 406', { kind: 'status', status: 406 }, 'UPSTREAM_BAD_RESPONSE'],
    ['a 415', { kind: 'status', status: 415 }, 'UPSTREAM_BAD_RESPONSE'],
  ])('Boknett DDS: %s to an order is %s, NOT_APPLIED, and the order may be placed again', async (_name, fault, code) => {
    h.boknett.faults.inject({ ...fault, route: DDS_ORDER, times: 1 });
    const input = ddsOrderInput();
    const refused = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(refused.errors![0]!.extensions).toEqual({ code, vendor: 'BOKNETT_DDS', outcome: 'NOT_APPLIED' });
    expect(await statesOf()).toEqual(['NOT_APPLIED']);

    const again = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(again.errors).toBeUndefined();
    expect(again.data!.placeDdsOrder.ddsOrder).toMatchObject({ orderId: input.orderId });
    expect(h.boknett.calls.count(DDS_ORDER)).toBe(2);
    expect(await statesOf()).toEqual(['SUCCEEDED']);
  });

  it('Boknett DDS: a login that fails before the order is sent is NOT_APPLIED, and the order may be placed again', async () => {
    // No ticket yet: the order's first step is the login, which DDS's login service answers 503.
    h.boknett.faults.inject({ kind: 'status', status: 503, route: 'POST /v1/tickets', times: 1 });
    const input = ddsOrderInput();

    const failed = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(failed.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', vendor: 'BOKNETT_DDS', outcome: 'NOT_APPLIED' });
    expect(h.boknett.calls.count(DDS_ORDER)).toBe(0);
    expect(await statesOf()).toEqual(['NOT_APPLIED']);

    const again = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(again.errors).toBeUndefined();
    expect(again.data!.placeDdsOrder.ddsOrder).toMatchObject({ orderId: input.orderId });
    expect(h.boknett.calls.count(DDS_ORDER)).toBe(1);
    expect(await statesOf()).toEqual(['SUCCEEDED']);
  });
});
