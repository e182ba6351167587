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

/** A refusal that echoes the gateway's own credentials back, with a URL, a file path and a stack frame. */
function echoing(credential: string, password: string): string {
  return `bad request for Bearer ${credential} at http://10.0.0.1/x /etc/passwd\n    at Foo (/srv/x.js:1:2) password=${password}`;
}
const ECHO_LEAKS = ['10.0.0.1', '/etc/passwd', '/srv/x.js', 'at Foo'];

describe('vendor refusal text reaches the buyer cleaned, and the logs masked', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());
  beforeEach(() => {
    h.logs.lines.length = 0;
  });

  /** The `text` of the one `vendor refused a request` line. */
  function loggedRefusal(): string {
    const lines = h.logs.lines.filter((l) => l.includes('vendor refused a request'));
    expect(lines).toHaveLength(1);
    return (JSON.parse(lines[0]!) as { text: string }).text;
  }

  function expectLoggedMasked() {
    const text = loggedRefusal();
    expect(text).toContain('Not sold in your region: [redacted] timed out');
    for (const leak of LEAKS) expect(h.logs.text).not.toContain(leak);
  }

  /** Neither the answer nor any log line holds one of `leaks`. */
  function expectNowhere(res: { text: string }, leaks: string[]) {
    for (const leak of leaks) {
      expect(res.text).not.toContain(leak);
      expect(h.logs.text).not.toContain(leak);
    }
  }

  it('HL Connect: a 422 to validatePurchase', async () => {
    h.hl.faults.inject({ route: 'POST /purchase/validate-purchase-before-payment', kind: 'status', status: 422, body: { message: LEAKY }, times: 1 });
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
    expect(res.data!.validatePurchase.userErrors).toEqual([{ code: 'PURCHASE_NOT_ALLOWED', message: SHOWN, field: null }]);
    for (const leak of LEAKS) expect(res.text).not.toContain(leak);
    expectLoggedMasked();
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
    expectLoggedMasked();

    // A repeat is answered from the ledger: the same cleaned words.
    const again = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(again.data!.placeDdsOrder.userErrors).toEqual([{ code: 'REJECTED', message: SHOWN, field: null }]);
  });

  it('HL Connect: a refusal that echoes the gateway’s token and Boknett password', async () => {
    const leaks = [h.hl.accessToken, h.boknett.credentials.password, ...ECHO_LEAKS];
    const message = echoing(h.hl.accessToken, h.boknett.credentials.password);
    h.hl.faults.inject({ route: 'POST /purchase/validate-purchase-before-payment', kind: 'status', status: 400, body: { message }, times: 1 });
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard } });
    expect(res.data!.validatePurchase.userErrors).toEqual([{ code: 'INVALID_INPUT', message: 'bad request for at', field: null }]);
    expect(loggedRefusal()).toMatch(/^\{"message":"bad request for \[redacted\] at \[redacted\]/);
    expectNowhere(res, leaks);
  });

  it('Boknett DDS: a refusal that echoes the ticket in use, the password and the HL token', async () => {
    // A first order logs in: the ticket the gateway holds from then on.
    const first = await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
    expect(first.data!.placeDdsOrder.userErrors).toEqual([]);
    const ticket = h.boknett.requestLog.find((e) => e.route === 'POST /order')!.authorization!.split(' ')[1]!;
    expect(ticket).toMatch(/^TGT-/);
    h.logs.lines.length = 0;

    const { password } = h.boknett.credentials;
    const message = `${echoing(h.hl.accessToken, password)}; ticket ${ticket} is not allowed to order (${h.hl.accessToken}, ${password})`;
    h.boknett.faults.inject({ route: 'POST /order', kind: 'status', status: 422, body: { status: 422, message }, times: 1 });
    const res = await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
    const shown = res.data!.placeDdsOrder.userErrors[0]!;
    expect(shown.code).toBe('REJECTED');
    expect(shown.message).toMatch(/^bad request for at; ticket is not allowed to order/);
    expect(loggedRefusal()).toContain('ticket [redacted] is not allowed to order ([redacted], [redacted])');
    expectNowhere(res, [ticket, ...ECHO_LEAKS, h.hl.accessToken, password]);
  });

  it('Boknett DDS on OAuth: a refusal that echoes the access token in use and the client secret', async () => {
    const oauth = await startHarness({ env: { BOKNETT_AUTH_MODE: 'oauth' } });
    try {
      const first = await oauth.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
      expect(first.data!.placeDdsOrder.userErrors).toEqual([]);
      const token = oauth.boknett.requestLog.find((e) => e.route === 'POST /order')!.authorization!.split(' ')[1]!;
      const { clientSecret } = oauth.boknett.credentials;

      const message = `client ${clientSecret} with token ${token} may not order this`;
      oauth.boknett.faults.inject({ route: 'POST /order', kind: 'status', status: 422, body: { status: 422, message }, times: 1 });
      const res = await oauth.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
      expect(res.data!.placeDdsOrder.userErrors).toEqual([{ code: 'REJECTED', message: 'client with token may not order this', field: null }]);
      expect(oauth.logs.text).toContain('client [redacted] with token [redacted] may not order this');
      for (const leak of [token, clientSecret]) {
        expect(res.text).not.toContain(leak);
        expect(oauth.logs.text).not.toContain(leak);
      }
    } finally {
      await oauth.close();
    }
  });
});
