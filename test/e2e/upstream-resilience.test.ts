import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config';
import { VendorHttpClient, type CircuitStateName } from '../../src/vendors/http';
import { HL_SIMULATOR_ASSETS, createHlConnectSimulator } from '../../src/vendors/hlconnect/simulator';
import {
  OrderStatusDocument,
  OrdersDocument,
  PlaceDdsOrderAndDownloadDocument,
  PlaceDdsOrderDocument,
  RegisterPurchaseDocument,
  ValidatePurchaseDocument,
} from '../generated/operations';
import { DDS_PRODUCTS, ddsOrderInput } from '../harness/dds-fixtures';
import { startHarness, type Harness } from '../harness/gateway-harness';

type Fault = Parameters<Harness['hl']['faults']['inject']>[0];

const INFO = 'GET /purchase/info';
const VALIDATE = 'POST /purchase/validate-purchase-before-payment';
const REGISTER = 'POST /purchase/register';
const DDS_ORDER = 'POST /order';
const DDS_CONTENT = 'GET /content/:fulfilmentId';
const UNAVAILABLE = { code: 'UPSTREAM_UNAVAILABLE', vendor: 'HL_CONNECT' };

describe('upstream resilience', () => {
  let h: Harness;

  afterEach(async () => h.close());

  const orderStatus = (orderId = 4242) => h.client.execute(OrderStatusDocument, { orderId });

  async function validationToken(): Promise<string> {
    const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1 } });
    expect(res.errors).toBeUndefined();
    return res.data!.validatePurchase.validationToken!.token;
  }

  function register(token: string, orderNumber = 5100) {
    return h.client.execute(RegisterPurchaseDocument, {
      input: { token, orderNumber, orderLineId: 1, lineItemPrice: '3.00', unitPrice: '3.00', customer: 'Fanny Mendelssohn' },
    });
  }

  describe('idempotent reads are re-sent after transient failures', () => {
    it.each<[string, Fault]>([
      ['a 503', { kind: 'status', status: 503 }],
      ['a 502 without the documented failure body', { kind: 'status', status: 502, body: { error: 'bad gateway' } }],
      ['a 504', { kind: 'status', status: 504 }],
      ['a connection reset', { kind: 'reset' }],
    ])('%s twice, then an answer: three calls, no error', async (_name, fault) => {
      h = await startHarness();
      h.hl.faults.inject({ ...fault, route: INFO, times: 2 });
      const res = await orderStatus();
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ order: null });
      expect(h.hl.calls.count(INFO)).toBe(3);
    });

    it('gives up after UPSTREAM_RETRY_ATTEMPTS re-sends with UPSTREAM_UNAVAILABLE', async () => {
      h = await startHarness({ env: { UPSTREAM_RETRY_ATTEMPTS: '3' } });
      h.hl.faults.inject({ kind: 'status', status: 503, route: INFO });
      const res = await orderStatus();
      expect(res.errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(4);
    });

    it('re-sends nothing when UPSTREAM_RETRY_ATTEMPTS is 0', async () => {
      h = await startHarness({ env: { UPSTREAM_RETRY_ATTEMPTS: '0' } });
      h.hl.faults.inject({ kind: 'status', status: 503, route: INFO, times: 1 });
      expect((await orderStatus()).errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(1);
    });

    it.each<[string, Fault, string | null]>([
      ['a 500', { kind: 'status', status: 500 }, 'UPSTREAM_UNAVAILABLE'],
      ['a 404 (no such order)', { kind: 'status', status: 404 }, null],
      ['no answer in time', { kind: 'hang', ms: 5_000 }, 'UPSTREAM_TIMEOUT'],
    ])('%s is not re-sent', async (_name, fault, code) => {
      h = await startHarness({ env: { UPSTREAM_TIMEOUT_MS: '300' } });
      h.hl.faults.inject({ ...fault, route: INFO, times: 1 });
      const res = await orderStatus();
      expect(res.errors?.[0]?.extensions?.code ?? null).toBe(code);
      expect(h.hl.calls.count(INFO)).toBe(1);
    });

    it('a 429 (throttled) is re-sent after its Retry-After', async () => {
      h = await startHarness();
      h.hl.faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, route: INFO, times: 1 });
      const res = await orderStatus();
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ order: null });
      expect(h.hl.calls.count(INFO)).toBe(2);
    });

    it('a 429 that lasts is UPSTREAM_UNAVAILABLE once the re-sends are spent, and does not open the circuit', async () => {
      h = await startHarness({ env: { UPSTREAM_RETRY_BASE_MS: '1', UPSTREAM_BREAKER_THRESHOLD: '2' } });
      h.hl.faults.inject({ kind: 'status', status: 429, route: INFO });
      expect((await orderStatus()).errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(3);
      h.hl.faults.clear();
      const res = await orderStatus();
      expect(res.errors).toBeUndefined();
      expect(h.hl.calls.count(INFO)).toBe(4);
    });

    it('a 429 whose Retry-After is beyond UPSTREAM_RETRY_MAX_DELAY_MS is not re-sent', async () => {
      h = await startHarness();
      h.hl.faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '120' }, route: INFO, times: 1 });
      expect((await orderStatus()).errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(1);
    });

    it('HL Connect’s documented 502 is the order’s outcome (FAILED), not re-sent', async () => {
      h = await startHarness();
      h.hl.faults.inject({ kind: 'status', status: 502, body: { status: 'FAILED', message: 'fulfilment failed' }, route: INFO, times: 1 });
      const res = await orderStatus();
      expect(res.errors).toBeUndefined();
      expect(res.data!.order).toMatchObject({ status: 'FAILED', failureMessage: 'fulfilment failed' });
      expect(h.hl.calls.count(INFO)).toBe(1);
    });

    it('a 502 without the documented status (a proxy’s own `{message}`) is a vendor fault, re-sent, not the order’s FAILED', async () => {
      h = await startHarness();
      h.hl.faults.inject({ kind: 'status', status: 502, body: { message: 'Internal server error' }, route: INFO, times: 1 });
      const res = await orderStatus();
      // Re-sent, the vendor's own answer: it knows no such order.
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ order: null });
      expect(h.hl.calls.count(INFO)).toBe(2);
    });

    it('waits as long as Retry-After (seconds) asks before re-sending', async () => {
      h = await startHarness();
      h.hl.faults.inject({ kind: 'status', status: 503, headers: { 'retry-after': '1' }, route: INFO, times: 1 });
      const started = performance.now();
      const res = await orderStatus();
      const elapsed = performance.now() - started;
      expect(res.errors).toBeUndefined();
      expect(h.hl.calls.count(INFO)).toBe(2);
      expect(elapsed).toBeGreaterThanOrEqual(900);
    });

    it('reads Retry-After as an HTTP date too', async () => {
      h = await startHarness();
      // Whole seconds only: the date is 1 to 2 s ahead (within UPSTREAM_RETRY_MAX_DELAY_MS).
      const at = new Date(Math.ceil(Date.now() / 1_000) * 1_000 + 1_000).toUTCString();
      h.hl.faults.inject({ kind: 'status', status: 503, headers: { 'retry-after': at }, route: INFO, times: 1 });
      const started = performance.now();
      const res = await orderStatus();
      expect(res.errors).toBeUndefined();
      expect(h.hl.calls.count(INFO)).toBe(2);
      expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    });

    it('does not re-send sooner than a Retry-After beyond UPSTREAM_RETRY_MAX_DELAY_MS: it answers at once', async () => {
      h = await startHarness();
      h.hl.faults.inject({ kind: 'status', status: 503, headers: { 'retry-after': '120' }, route: INFO, times: 1 });
      const res = await orderStatus();
      expect(res.errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(1);
    });

    it('re-sends Boknett DDS content requests, never the order', async () => {
      h = await startHarness({ env: { BOKNETT_DOWNLOAD_POLL_INTERVAL_MS: '20' } });
      h.boknett.faults.inject({ kind: 'status', status: 503, route: DDS_CONTENT, times: 1 });
      const res = await h.client.execute(PlaceDdsOrderAndDownloadDocument, { input: ddsOrderInput({ resid: DDS_PRODUCTS.ebook }), type: 'application/epub+zip' });
      expect(res.errors).toBeUndefined();
      expect(res.data!.placeDdsOrder.ddsOrder!.download!.status).toBe('READY');
      expect(h.boknett.calls.count(DDS_CONTENT)).toBe(2);
      expect(h.boknett.calls.count(DDS_ORDER)).toBe(1);
    });
  });

  describe('mutations are sent once, whatever the failure', () => {
    it.each<[string, Fault]>([
      ['a 503', { kind: 'status', status: 503 }],
      ['a 502', { kind: 'status', status: 502 }],
      ['a connection reset', { kind: 'reset' }],
    ])('registerPurchase after %s: one call', async (_name, fault) => {
      h = await startHarness();
      const token = await validationToken();
      h.hl.faults.inject({ ...fault, route: REGISTER, times: 1 });
      const res = await register(token);
      // It may have reached HL Connect: the caller is told the outcome is unknown.
      expect(res.errors![0]!.extensions).toEqual({ ...UNAVAILABLE, outcome: 'UNKNOWN' });
      expect(h.hl.calls.count(REGISTER)).toBe(1);
    });

    it('validatePurchase after a 503: one call', async () => {
      h = await startHarness();
      h.hl.faults.inject({ kind: 'status', status: 503, route: VALIDATE, times: 1 });
      const res = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1 } });
      expect(res.errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(VALIDATE)).toBe(1);
    });

    it('placeDdsOrder after a 503: one call', async () => {
      h = await startHarness();
      h.boknett.faults.inject({ kind: 'status', status: 503, route: DDS_ORDER, times: 1 });
      const res = await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
      expect(res.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', vendor: 'BOKNETT_DDS', outcome: 'NEEDS_ATTENTION' });
      expect(h.boknett.calls.count(DDS_ORDER)).toBe(1);
    });
  });

  describe('circuit breaker', () => {
    const breakerEnv = { UPSTREAM_BREAKER_THRESHOLD: '3', UPSTREAM_BREAKER_HALF_OPEN_AFTER_MS: '300' };

    /** Three failed reads (a 500 is not re-sent: one call each) open the circuit. */
    async function openCircuit() {
      h.hl.faults.inject({ kind: 'status', status: 500, route: INFO });
      for (let i = 0; i < 3; i += 1) expect((await orderStatus()).errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(3);
    }

    it('opens after sustained failure: calls are refused at once without reaching the vendor', async () => {
      h = await startHarness({ env: breakerEnv });
      await openCircuit();
      const refused = await orderStatus();
      expect(refused.errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(refused.errors![0]!.path).toEqual(['order']);
      const validate = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: HL_SIMULATOR_ASSETS.standard, quantity: 1 } });
      expect(validate.errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(3);
      expect(h.hl.calls.count(VALIDATE)).toBe(0);
      // The other vendor has a circuit of its own.
      const dds = await h.client.execute(PlaceDdsOrderDocument, { input: ddsOrderInput() });
      expect(dds.data!.placeDdsOrder.userErrors).toEqual([]);
    });

    it('lets one probe through after the half-open delay and closes when it succeeds', async () => {
      h = await startHarness({ env: breakerEnv });
      await openCircuit();
      h.hl.faults.clear();
      expect((await orderStatus()).errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(3);
      await sleep(400);
      const probe = await orderStatus();
      expect(probe.errors).toBeUndefined();
      expect(h.hl.calls.count(INFO)).toBe(4);
      const after = await orderStatus();
      expect(after.errors).toBeUndefined();
      expect(h.hl.calls.count(INFO)).toBe(5);
    });

    it('opens again at once when the probe fails', async () => {
      h = await startHarness({ env: breakerEnv });
      await openCircuit();
      await sleep(400);
      expect((await orderStatus()).errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(4);
      expect((await orderStatus()).errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(4);
    });

    it('counts each re-sent attempt: one read failing with 503 three times opens it', async () => {
      h = await startHarness({ env: breakerEnv });
      h.hl.faults.inject({ kind: 'status', status: 503, route: INFO });
      expect((await orderStatus()).errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(3);
      expect((await orderStatus()).errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(3);
    });

    it('a purchase refused by an open circuit was never sent, so the same purchase goes through once it closes', async () => {
      h = await startHarness({ env: breakerEnv });
      const token = await validationToken();
      await openCircuit();
      expect((await register(token)).errors![0]!.extensions).toEqual({ ...UNAVAILABLE, outcome: 'NOT_APPLIED' });
      expect(h.hl.calls.count(REGISTER)).toBe(0);
      h.hl.faults.clear();
      await sleep(400);
      const again = await register(token);
      expect(again.errors).toBeUndefined();
      expect(again.data!.registerPurchase.userErrors).toEqual([]);
      expect(h.hl.calls.count(REGISTER)).toBe(1);
    });

    it('does not count business answers: unknown orders, FAILED orders, refusals', async () => {
      h = await startHarness({ env: breakerEnv });
      h.hl.faults.inject({ kind: 'status', status: 502, body: { status: 'FAILED', message: 'fulfilment failed' }, route: INFO, times: 4 });
      for (let i = 0; i < 4; i += 1) expect((await orderStatus()).data!.order!.status).toBe('FAILED');
      for (let i = 0; i < 4; i += 1) expect((await orderStatus()).data).toEqual({ order: null });
      for (let i = 0; i < 4; i += 1) {
        const refused = await h.client.execute(ValidatePurchaseDocument, { input: { assetId: 999_999, quantity: 1 } });
        expect(refused.data!.validatePurchase.userErrors).not.toEqual([]);
      }
      expect(h.hl.calls.count(INFO)).toBe(8);
      expect(h.hl.calls.count(VALIDATE)).toBe(4);
      expect((await orderStatus()).errors).toBeUndefined();
      expect(h.hl.calls.count(INFO)).toBe(9);
    });

    it('reports its state and each change on the vendor client', async () => {
      const hl = createHlConnectSimulator();
      await hl.listen(0);
      const changes: CircuitStateName[] = [];
      const { upstream, resilience } = loadConfig({ ...breakerEnv, UPSTREAM_RETRY_ATTEMPTS: '0', HLCONNECT_BASE_URL: hl.url, HLCONNECT_TOKEN: hl.accessToken });
      const http = new VendorHttpClient({ vendor: 'HL_CONNECT', baseUrl: hl.url, ...upstream, resilience, onCircuitChange: ({ state }) => changes.push(state) });
      const health = () =>
        http.request({ operation: 'health', method: 'GET', idempotent: true, path: 'health' }).then(
          (r) => r.status,
          () => 'refused',
        );
      try {
        expect(http.circuitState()).toBe('closed');
        hl.faults.inject({ kind: 'status', status: 503, route: 'GET /health', times: 3 });
        expect([await health(), await health(), await health()]).toEqual([503, 503, 503]);
        expect(http.circuitState()).toBe('open');
        expect(await health()).toBe('refused');
        await sleep(400);
        expect(await health()).toBe(200);
        expect(http.circuitState()).toBe('closed');
        expect(changes).toEqual(['open', 'half-open', 'closed']);
      } finally {
        await http.close();
        await hl.close();
      }
    });
  });

  describe('bulkhead', () => {
    it('refuses calls beyond its limit and queue with UPSTREAM_UNAVAILABLE, sending nothing for them', async () => {
      h = await startHarness({ env: { UPSTREAM_BULKHEAD_LIMIT: '1', UPSTREAM_BULKHEAD_QUEUE: '1' } });
      h.hl.faults.inject({ kind: 'delay', ms: 200, route: INFO });
      const res = await h.client.execute(OrdersDocument, { orderIds: [1, 2, 3] });
      // One in flight, one waiting, one refused.
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions).toEqual(UNAVAILABLE);
      expect(res.data!.orders.filter((order) => order === null)).toHaveLength(3);
      expect(h.hl.calls.count(INFO)).toBe(2);
      // A refusal is not a vendor failure, and the slots are free again.
      const later = await h.client.execute(OrdersDocument, { orderIds: [1, 2] });
      expect(later.errors).toBeUndefined();
    });

    it('its refusals never open the circuit: the gateway’s own overload is not the vendor failing', async () => {
      h = await startHarness({ env: { UPSTREAM_BULKHEAD_LIMIT: '1', UPSTREAM_BULKHEAD_QUEUE: '0', UPSTREAM_BREAKER_THRESHOLD: '2' } });
      h.hl.faults.inject({ kind: 'delay', ms: 200, route: INFO, times: 1 });
      const crowded = await h.client.execute(OrdersDocument, { orderIds: [1, 2, 3, 4, 5] });
      expect(crowded.errors).toHaveLength(4);
      for (const error of crowded.errors!) expect(error.extensions).toEqual(UNAVAILABLE);
      expect(h.hl.calls.count(INFO)).toBe(1);
      expect(h.logs.text).toContain('too many calls in flight');
      expect(h.logs.text).not.toContain('circuit open');
      // Four refusals, threshold two: the circuit is still closed and the vendor is asked.
      const later = await h.client.execute(OrdersDocument, { orderIds: [6] });
      expect(later.errors).toBeUndefined();
      expect(h.hl.calls.count(INFO)).toBe(2);
    });
  });
});
