import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { PlaceDdsOrderDocument, ValidatePurchaseDocument } from '../generated/operations';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { startHarness, type Harness } from '../harness/gateway-harness';

/** A vendor answer that leaks its internals into the message. */
const LEAKY =
  'Not sold in your region: postgres://admin:s3cret@db.internal:5432/shop timed out\n' +
  '    at Object.<anonymous> (/srv/app.js:10:5)\n    at Module._compile (node:internal/modules/cjs/loader:1105:14)';
const SHOWN = 'Not sold in your region: timed out';
const LEAKS = ['s3cret', 'db.internal', '/srv/app.js', 'postgres://', 'Object.<anonymous>'];

describe('vendor refusal text reaches the buyer cleaned, and the logs raw', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());
  beforeEach(() => {
    h.logs.lines.length = 0;
  });

  function expectLoggedRawWithoutCredentials() {
    const line = h.logs.lines.find((l) => l.includes('vendor refused a request'));
    expect(line).toBeDefined();
    expect(line).toContain('/srv/app.js:10:5');
    expect(line).toContain('***@db.internal');
    expect(h.logs.text).not.toContain('s3cret');
  }

  it('HL Connect: a 422 to validatePurchase', async () => {
    h.hl.faults.inject({ route: 'POST /purchase/validate-purchase-before-payment', kind: 'status', status: 422, body: { message: LEAKY }, times: 1 });
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
    expect(res.data!.validatePurchase.userErrors).toEqual([{ code: 'PURCHASE_NOT_ALLOWED', message: SHOWN, field: null }]);
    for (const leak of LEAKS) expect(res.text).not.toContain(leak);
    expectLoggedRawWithoutCredentials();
  });

  it('HL Connect: a long message is cut at 300 characters', async () => {
    h.hl.faults.inject({ route: 'POST /purchase/validate-purchase-before-payment', kind: 'status', status: 422, body: { message: 'no '.repeat(400) }, times: 1 });
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
    expect(res.data!.validatePurchase.userErrors[0]!.message).toHaveLength(300);
  });

  it('Boknett DDS: a 422 to an order, also as the ledger recorded it', async () => {
    h.boknett.faults.inject({ route: 'POST /order', kind: 'status', status: 422, body: { status: 422, message: LEAKY }, times: 1 });
    const input = ddsOrderInput();
    const res = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(res.data!.placeDdsOrder.userErrors).toEqual([{ code: 'REJECTED', message: SHOWN, field: null }]);
    for (const leak of LEAKS) expect(res.text).not.toContain(leak);
    expectLoggedRawWithoutCredentials();

    // A repeat is answered from the ledger: the same cleaned words.
    const again = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(again.data!.placeDdsOrder.userErrors).toEqual([{ code: 'REJECTED', message: SHOWN, field: null }]);
  });
});
