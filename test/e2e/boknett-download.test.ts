import { PlaceDdsOrderAndDownloadDocument, PlaceDdsOrderDownloadTwiceDocument } from '../generated/operations';
import { DDS_PRODUCTS, ddsOrderInput } from '../harness/dds-fixtures';
import { startHarness, type Harness, type HarnessOptions } from '../harness/gateway-harness';

const CONTENT = 'GET /content/:fulfilmentId';
const STATUS = 'GET /download/:downloadId/status';
const EPUB = 'application/epub+zip';
const PDF = 'application/pdf';
const AUDIO = 'audio/vnd.bokbasen.complete-public';

/** Fast polling unless a test says otherwise. */
function fastPolling(options: HarnessOptions & { intervalMs?: number; timeoutMs?: number } = {}): HarnessOptions {
  return {
    ...options,
    env: {
      BOKNETT_DOWNLOAD_POLL_INTERVAL_MS: String(options.intervalMs ?? 20),
      BOKNETT_DOWNLOAD_POLL_TIMEOUT_MS: String(options.timeoutMs ?? 3_000),
      ...options.env,
    },
  };
}

describe('Boknett DDS content download over HTTP', () => {
  let h: Harness;

  afterEach(async () => h.close());

  async function download(resid: string, type: string, bitrate?: number) {
    const res = await h.client.execute(PlaceDdsOrderAndDownloadDocument, { input: ddsOrderInput({ resid }), type, bitrate });
    expect(res.errors).toBeUndefined();
    expect(res.data!.placeDdsOrder.userErrors).toEqual([]);
    return res.data!.placeDdsOrder.ddsOrder!.download!;
  }

  it('follows the 302 to the status page and returns the READY file', async () => {
    h = await startHarness(fastPolling());
    const result = await download(DDS_PRODUCTS.ebook, EPUB);
    expect(result).toEqual({ status: 'READY', url: expect.stringMatching(new RegExp(`^${h.boknett.url}/files/[0-9a-f-]{36}$`)), message: null, missingParameters: [] });
    expect(h.boknett.calls.count(CONTENT)).toBe(1);
    expect(h.boknett.calls.count(STATUS)).toBe(1);
  });

  it('places an order whose Location names the legacy host, as the contract’s example does, and downloads from the configured base', async () => {
    const legacy = 'https://api.dds.boknett.no';
    h = await startHarness(fastPolling({ boknett: { contentLocationBase: legacy } }));
    const res = await h.client.execute(PlaceDdsOrderAndDownloadDocument, { input: ddsOrderInput({ resid: DDS_PRODUCTS.ebook }), type: EPUB });
    expect(res.errors).toBeUndefined();
    const order = res.data!.placeDdsOrder.ddsOrder!;
    expect(order.contentUrl).toBe(`${legacy}/content/${order.fulfilmentId}`);
    expect(order.download).toMatchObject({ status: 'READY', url: expect.stringMatching(new RegExp(`^${h.boknett.url}/files/`)) });
    expect(h.boknett.calls.count(CONTENT)).toBe(1);
    expect((await h.gateway.ledger.list({ first: 10 })).entries.map((e) => e.state)).toEqual(['SUCCEEDED']);
  });

  it('reads a status page DDS answers in XML although JSON was asked for', async () => {
    h = await startHarness(fastPolling({ boknett: { statusPageXml: true, downloadProcessingMs: 100 } }));
    const result = await download(DDS_PRODUCTS.ebook, EPUB);
    expect(result).toEqual({ status: 'READY', url: expect.stringMatching(new RegExp(`^${h.boknett.url}/files/[0-9a-f-]{36}$`)), message: null, missingParameters: [] });
    expect(h.boknett.calls.count(STATUS)).toBeGreaterThanOrEqual(2);
  });

  it('polls a PROCESSING status page until it is READY', async () => {
    h = await startHarness(fastPolling({ boknett: { downloadProcessingMs: 150 } }));
    const result = await download(DDS_PRODUCTS.audiobook, AUDIO, 64);
    expect(result.status).toBe('READY');
    expect(result.url).toMatch(/\/files\//);
    expect(h.boknett.calls.count(CONTENT)).toBe(1);
    expect(h.boknett.calls.count(STATUS)).toBeGreaterThanOrEqual(3);
    expect(h.boknett.calls.count(STATUS)).toBeLessThan(20);
  });

  it('reports a FAILED preparation with DDS’s message', async () => {
    h = await startHarness(fastPolling({ boknett: { downloadProcessingMs: 50 } }));
    const result = await download(DDS_PRODUCTS.failingDownload, PDF);
    expect(result).toEqual({ status: 'FAILED', url: null, message: expect.stringMatching(/could not be prepared/), missingParameters: [] });
  });

  it('answers DDS’s 300 for audio without a bitrate with the parameter the request lacked', async () => {
    h = await startHarness(fastPolling());
    const result = await download(DDS_PRODUCTS.audiobook, AUDIO);
    expect(result).toEqual({ status: 'FAILED', url: null, message: `Boknett DDS needs bitrate to download type ${AUDIO}.`, missingParameters: ['bitrate'] });
    expect(h.boknett.calls.count(STATUS)).toBe(0);
  });

  it('answers a format DDS does not offer as FAILED with DDS’s message', async () => {
    h = await startHarness(fastPolling());
    const result = await download(DDS_PRODUCTS.ebook, 'audio/mpeg');
    expect(result).toEqual({ status: 'FAILED', url: null, message: expect.stringMatching(/not available.*application\/epub\+zip/), missingParameters: [] });
  });

  it('stops polling at the configured bound and answers PROCESSING, so the caller can ask again', async () => {
    h = await startHarness(fastPolling({ intervalMs: 50, timeoutMs: 250, boknett: { downloadProcessingMs: 60_000 } }));
    const started = Date.now();
    const result = await download(DDS_PRODUCTS.ebook, PDF);
    const elapsed = Date.now() - started;
    expect(result).toEqual({ status: 'PROCESSING', url: null, message: expect.stringMatching(/ask again/), missingParameters: [] });
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(1_500);
    const looks = h.boknett.calls.count(STATUS);
    expect(looks).toBeGreaterThanOrEqual(4);
    expect(looks).toBeLessThanOrEqual(6);
    // Nothing polls on after the answer.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.boknett.calls.count(STATUS)).toBe(looks);
  });

  it('prepares identical downloads in one request once', async () => {
    h = await startHarness(fastPolling());
    const res = await h.client.execute(PlaceDdsOrderDownloadTwiceDocument, { input: ddsOrderInput(), type: EPUB, otherType: PDF });
    expect(res.errors).toBeUndefined();
    const order = res.data!.placeDdsOrder.ddsOrder!;
    expect(order.first).toEqual({ status: 'READY', url: expect.any(String) });
    expect(order.again).toEqual(order.first);
    expect(order.other!.status).toBe('READY');
    expect(order.other!.url).not.toBe(order.first!.url);
    expect(h.boknett.calls.count(CONTENT)).toBe(2); // epub once, pdf once
  });

  it('refuses an empty type or a bitrate below 1 as BAD_USER_INPUT without calling DDS for it', async () => {
    h = await startHarness(fastPolling());
    for (const [type, bitrate, argumentName] of [
      [' ', undefined, 'type'],
      [AUDIO, 0, 'bitrate'],
    ] as const) {
      const res = await h.client.execute(PlaceDdsOrderAndDownloadDocument, { input: ddsOrderInput(), type, bitrate });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName });
    }
    expect(h.boknett.calls.count(CONTENT)).toBe(0);
  });

  it.each([
    ['a 503 from the content endpoint', CONTENT, 503, 'UPSTREAM_UNAVAILABLE'],
    ['a 500 from the content endpoint', CONTENT, 500, 'UPSTREAM_UNAVAILABLE'],
    ['a 500 from the status page', STATUS, 500, 'UPSTREAM_UNAVAILABLE'],
  ])('turns %s into %s at the download field, and still answers the placed order', async (_name, route, status, code) => {
    h = await startHarness(fastPolling());
    h.boknett.faults.inject({ route, kind: 'status', status });
    const input = ddsOrderInput();
    const res = await h.client.execute(PlaceDdsOrderAndDownloadDocument, { input, type: EPUB });
    expect(res.errors).toEqual([
      { message: expect.stringContaining('Boknett DDS'), locations: expect.any(Array), path: ['placeDdsOrder', 'ddsOrder', 'download'], extensions: { code, vendor: 'BOKNETT_DDS' } },
    ]);
    const placed = h.boknett.getOrder(input.orderId);
    expect(placed).toBeDefined();
    expect(res.data!.placeDdsOrder).toEqual({
      ddsOrder: { id: expect.any(String), orderId: input.orderId, fulfilmentId: expect.any(String), contentUrl: expect.any(String), download: null },
      userErrors: [],
    });
  });

  it('treats a status page that points off the API’s origin as UPSTREAM_BAD_RESPONSE', async () => {
    h = await startHarness(fastPolling());
    h.boknett.faults.inject({ route: CONTENT, kind: 'status', status: 302, headers: { location: 'https://elsewhere.example/download/x/status' } });
    const res = await h.client.execute(PlaceDdsOrderAndDownloadDocument, { input: ddsOrderInput(), type: EPUB });
    expect(res.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_BAD_RESPONSE', vendor: 'BOKNETT_DDS' });
    expect(h.boknett.calls.count(STATUS)).toBe(0);
  });
});
