import { PlaceDdsOrderDocument, type PlaceDdsOrderInput } from '../generated/operations';
import { DDS_PRODUCTS, ddsOrderInput } from '../harness/dds-fixtures';
import { startHarness, type Harness } from '../harness/gateway-harness';

const ORDER = 'POST /order';
const SUBSCRIPTION = 'POST /order/subscription';

describe('Boknett DDS orders over HTTP', () => {
  let h: Harness;

  afterEach(async () => h.close());

  async function place(input: PlaceDdsOrderInput) {
    const res = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(res.status).toBe(200);
    return res;
  }

  async function placed(input: PlaceDdsOrderInput) {
    const res = await place(input);
    expect(res.errors).toBeUndefined();
    expect(res.data!.placeDdsOrder.userErrors).toEqual([]);
    return res.data!.placeDdsOrder.ddsOrder!;
  }

  async function refusedWith(input: PlaceDdsOrderInput) {
    const res = await place(input);
    expect(res.errors).toBeUndefined();
    expect(res.data!.placeDdsOrder.ddsOrder).toBeNull();
    return res.data!.placeDdsOrder.userErrors;
  }

  describe('placing an order', () => {
    beforeEach(async () => {
      h = await startHarness();
    });

    it('sends the contract’s body and returns the order with the fulfilment id from Location', async () => {
      const before = Date.now();
      const input = ddsOrderInput({ priceOre: 18_900, consumerId: 'gaf4599e-fg5e-445a-a7f9-6af14c052dec' });
      const order = await placed(input);
      const after = Date.now();

      const sent = h.boknett.getOrder(input.orderId)!;
      expect(sent).toEqual({
        orderid: input.orderId,
        resid: DDS_PRODUCTS.ebook,
        spd: '18900',
        id: 'gaf4599e-fg5e-445a-a7f9-6af14c052dec',
        excerpt: false,
        subscription: false,
        fulfilmentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(order).toEqual({
        id: Buffer.from(`DdsOrder:${input.orderId}`).toString('base64url'),
        orderId: input.orderId,
        resid: DDS_PRODUCTS.ebook,
        priceOre: 18_900,
        price: { amount: '189.00', currency: 'NOK' },
        excerpt: false,
        subscription: false,
        consumerId: 'gaf4599e-fg5e-445a-a7f9-6af14c052dec',
        fulfilmentId: sent.fulfilmentId,
        contentUrl: `${h.boknett.url}/content/${sent.fulfilmentId}`,
        placedAt: expect.any(String),
      });
      expect(Date.parse(order.placedAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(order.placedAt)).toBeLessThanOrEqual(after);
      expect(h.boknett.calls.count(ORDER)).toBe(1);
    });

    it('accepts a price of 0 øre and an excerpt', async () => {
      const input = ddsOrderInput({ priceOre: 0, excerpt: true });
      const order = await placed(input);
      expect(order).toMatchObject({ priceOre: 0, price: { amount: '0.00', currency: 'NOK' }, excerpt: true, consumerId: null });
      expect(h.boknett.getOrder(input.orderId)).toMatchObject({ spd: '0', excerpt: true });
      expect(h.boknett.getOrder(input.orderId)).not.toHaveProperty('id');
    });

    it('sends the buyer’s names, trimmed, for a book with social DRM', async () => {
      const input = ddsOrderInput({ resid: DDS_PRODUCTS.sdrmEbook, firstName: ' Ola ', lastName: 'Nordmann' });
      await placed(input);
      expect(h.boknett.getOrder(input.orderId)).toMatchObject({ firstname: 'Ola', lastname: 'Nordmann' });
    });

    it('refuses a book with social DRM without names as BUYER_NAMES_REQUIRED, in DDS’s words', async () => {
      const errors = await refusedWith(ddsOrderInput({ resid: DDS_PRODUCTS.sdrmEbook }));
      expect(errors).toEqual([{ code: 'BUYER_NAMES_REQUIRED', message: expect.stringMatching(/firstname is required.*social DRM/), field: ['input', 'firstName'] }]);
      expect(h.boknett.calls.count(ORDER)).toBe(1);
    });

    it('places a subscription order through the subscription variant, without excerpt', async () => {
      const input = ddsOrderInput({ subscription: true });
      const order = await placed(input);
      expect(order).toMatchObject({ subscription: true, excerpt: false });
      expect(h.boknett.calls.count(SUBSCRIPTION)).toBe(1);
      expect(h.boknett.calls.count(ORDER)).toBe(0);
      const sent = h.boknett.getOrder(input.orderId)!;
      expect(sent).toMatchObject({ orderid: input.orderId, spd: '18900', subscription: true });
      expect(sent).not.toHaveProperty('excerpt');
    });

    it('refuses an unknown product as NOT_FOUND, in DDS’s words', async () => {
      const errors = await refusedWith(ddsOrderInput({ resid: 'no-such-product' }));
      expect(errors).toEqual([{ code: 'NOT_FOUND', message: 'unknown resid no-such-product', field: null }]);
    });

    it('refuses an orderId used before for another product as IDEMPOTENCY_CONFLICT, without calling DDS', async () => {
      const input = ddsOrderInput();
      await placed(input);
      const errors = await refusedWith({ ...input, resid: DDS_PRODUCTS.audiobook });
      expect(errors).toEqual([{ code: 'IDEMPOTENCY_CONFLICT', message: expect.stringContaining(input.orderId), field: null }]);
      expect(h.boknett.calls.count(ORDER)).toBe(1);
    });

    it('maps DDS’s own refusal of a repeated orderid (sent under another idempotency key) to ORDER_ID_IN_USE', async () => {
      const input = ddsOrderInput();
      await placed(input);
      const errors = await refusedWith({ ...input, resid: DDS_PRODUCTS.audiobook, idempotencyKey: 'another-key' });
      expect(errors).toEqual([{ code: 'ORDER_ID_IN_USE', message: expect.stringContaining(input.orderId), field: null }]);
      expect(h.boknett.calls.count(ORDER)).toBe(2);
    });

    it.each([
      ['400', 'INVALID_INPUT', 400, 'spd is out of range'],
      ['422 (undocumented)', 'REJECTED', 422, 'this store may not sell this product'],
    ])('turns another %s into %s with DDS’s message', async (_name, code, status, message) => {
      h.boknett.faults.inject({ route: ORDER, kind: 'status', status, body: { status, message } });
      expect(await refusedWith(ddsOrderInput())).toEqual([{ code, message, field: null }]);
    });
  });

  describe('input rules, checked before any call to DDS', () => {
    beforeEach(async () => {
      h = await startHarness();
    });

    afterEach(() => {
      expect(h.boknett.calls.total()).toBe(0); // not even a login
    });

    it.each([
      ['an empty orderId', { orderId: ' ' }, ['input', 'orderId'], 'orderId must not be empty'],
      ['an empty resid', { resid: '' }, ['input', 'resid'], 'resid must not be empty'],
      ['a negative price', { priceOre: -1 }, ['input', 'priceOre'], 'priceOre must be a whole number of at least 0'],
      ['an empty consumerId', { consumerId: '' }, ['input', 'consumerId'], 'consumerId must not be empty'],
      ['a first name without a last name', { firstName: 'Ola' }, ['input', 'lastName'], 'lastName is required when firstName is given'],
      ['a last name without a first name', { lastName: 'Nordmann' }, ['input', 'firstName'], 'firstName is required when lastName is given'],
      ['a one-letter first name', { firstName: 'O', lastName: 'Nordmann' }, ['input', 'firstName'], 'firstName must be at least 2 characters'],
      ['a last name of spaces', { firstName: 'Ola', lastName: ' N ' }, ['input', 'lastName'], 'lastName must be at least 2 characters'],
      ['an excerpt of a subscription order', { excerpt: true, subscription: true }, ['input', 'excerpt'], 'excerpt is not offered for subscription orders'],
    ] as [string, Partial<PlaceDdsOrderInput>, string[], string][])('refuses %s as INVALID_INPUT', async (_name, overrides, field, message) => {
      expect(await refusedWith(ddsOrderInput(overrides))).toEqual([{ code: 'INVALID_INPUT', message, field }]);
    });

    it('lists every problem at once', async () => {
      const errors = await refusedWith({ orderId: '', resid: ' ', priceOre: -5, firstName: 'O' });
      expect(errors.map((e) => e.field)).toEqual([
        ['input', 'orderId'],
        ['input', 'resid'],
        ['input', 'priceOre'],
        ['input', 'lastName'],
        ['input', 'firstName'],
      ]);
    });

    it('refuses a price that is not a whole number before the resolver runs', async () => {
      const res = await h.client.post({ query: 'mutation { placeDdsOrder(input: { orderId: "x", resid: "y", priceOre: 1.5 }) { ddsOrder { orderId } } }' });
      expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('faults', () => {
    it.each([
      ['a 500', 'UPSTREAM_UNAVAILABLE', 'NEEDS_ATTENTION', { kind: 'status', status: 500 }],
      ['a 503', 'UPSTREAM_UNAVAILABLE', 'NEEDS_ATTENTION', { kind: 'status', status: 503 }],
      ['a connection reset', 'UPSTREAM_UNAVAILABLE', 'NEEDS_ATTENTION', { kind: 'reset' }],
      ['a 403', 'UPSTREAM_AUTH_FAILED', 'NOT_APPLIED', { kind: 'status', status: 403 }],
      ['a 406 (our Accept refused)', 'UPSTREAM_BAD_RESPONSE', 'NOT_APPLIED', { kind: 'status', status: 406 }],
      ['no answer in time', 'UPSTREAM_TIMEOUT', 'NEEDS_ATTENTION', { kind: 'hang', ms: 5_000 }],
      ['a 201 without Location', 'UPSTREAM_BAD_RESPONSE', 'NEEDS_ATTENTION', { kind: 'status', status: 201 }],
      [
        'a 201 whose Location is not a content URL',
        'UPSTREAM_BAD_RESPONSE',
        'NEEDS_ATTENTION',
        { kind: 'status', status: 201, headers: { location: 'https://api.dds.boknett.no/elsewhere' } },
      ],
    ] as [string, string, string, Parameters<Harness['boknett']['faults']['inject']>[0]][])('%s → %s (%s), the order sent exactly once', async (_name, code, outcome, fault) => {
      h = await startHarness({ env: { UPSTREAM_TIMEOUT_MS: '300' } });
      h.boknett.faults.inject({ ...fault, route: ORDER });
      const res = await place(ddsOrderInput());
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([
        { message: expect.stringContaining('Boknett DDS'), locations: expect.any(Array), path: ['placeDdsOrder'], extensions: { code, vendor: 'BOKNETT_DDS', outcome } },
      ]);
      expect(h.boknett.calls.count(ORDER)).toBe(1);
      expect(res.text).not.toContain(h.boknett.url);
    });
  });

  it('never re-sends an order whose answer was lost; sending it again says NEEDS_ATTENTION', async () => {
    h = await startHarness();
    h.boknett.faults.inject({ route: ORDER, kind: 'reset', when: 'after', times: 1 });
    const input = ddsOrderInput();
    const lost = await place(input);
    expect(lost.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', vendor: 'BOKNETT_DDS', outcome: 'NEEDS_ATTENTION' });
    expect(h.boknett.calls.count(ORDER)).toBe(1);
    expect(h.boknett.getOrder(input.orderId)).toBeDefined(); // DDS did place it

    expect((await refusedWith(input)).map((e) => e.code)).toEqual(['NEEDS_ATTENTION']);
    expect(h.boknett.calls.count(ORDER)).toBe(1);
  });

  describe('the Date header', () => {
    it('is computed afresh for every call, in RFC 1123 form, at the time of the call', async () => {
      h = await startHarness();
      const sentAt: number[] = [];
      for (let i = 0; i < 2; i += 1) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1_100));
        sentAt.push(Date.now());
        await placed(ddsOrderInput());
      }
      const dates = h.boknett.requestLog.filter((e) => e.route === ORDER).map((e) => e.date!);
      expect(dates).toHaveLength(2);
      expect(dates[0]).not.toBe(dates[1]);
      dates.forEach((date, i) => {
        expect(date).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
        expect(Math.abs(Date.parse(date) - sentAt[i]!)).toBeLessThan(3_000);
      });
    });
  });
});
