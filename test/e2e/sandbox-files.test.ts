import { request } from 'undici';
import { OrderLinksDocument, PlaceDdsOrderAndDownloadDocument } from '../generated/operations';
import { TEST_API_KEYS } from '../harness/api-keys';
import { DDS_PRODUCTS, ddsOrderInput } from '../harness/dds-fixtures';
import { GraphQLTestClient } from '../harness/graphql-client';
import { registerHlLine } from '../harness/hl-fixtures';
import { startSandboxGateway, type SandboxGateway } from '../harness/sandbox-gateway';

async function fetchFile(url: string) {
  const res = await request(url);
  const bytes = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, type: res.headers['content-type'], disposition: res.headers['content-disposition'], bytes };
}

/** The links the graph returns in sandbox mode open small real files, so a person can click through. */
describe('sandbox download and view links', () => {
  let sandbox: SandboxGateway;
  let client: GraphQLTestClient;

  beforeAll(async () => {
    sandbox = await startSandboxGateway({ NODE_ENV: 'test', API_KEYS: TEST_API_KEYS, SANDBOX_PROCESSING_MS: '0', BOKNETT_DOWNLOAD_POLL_INTERVAL_MS: '20' });
    client = new GraphQLTestClient(sandbox.gateway.url);
  });
  afterAll(async () => sandbox?.close());

  it('serves an HL Connect line’s download and view links as a one-page PDF', async () => {
    await registerHlLine(client, { orderNumber: 5001, orderLineId: 1 });
    const res = await client.execute(OrderLinksDocument, { orderId: 5001 });
    const item = res.data!.order!.items[0]!;
    expect(item.downloadUrl).toMatch(/\/files\/5001\/1\/1001\.pdf\?expires=\d+&signature=[0-9a-f]{64}$/);

    const download = await fetchFile(item.downloadUrl!);
    expect(download).toMatchObject({ status: 200, type: 'application/pdf', disposition: 'attachment; filename="1001.pdf"' });
    expect(download.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(download.bytes.toString('latin1')).toMatch(/\/Count 1 >>[\s\S]*%%EOF\n$/);
    const view = await fetchFile(item.viewUrl!);
    expect(view).toMatchObject({ status: 200, type: 'application/pdf', disposition: 'inline; filename="1001.pdf"' });
    expect(view.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const tampered = await fetchFile(item.downloadUrl!.replace('/1001.pdf', '/1002.pdf'));
    expect(tampered.status).toBe(403);
  });

  /** Magic bytes by offset: an EPUB is a ZIP whose first entry is the uncompressed `mimetype`, name and content at byte 30. */
  it.each([
    [
      'an EPUB',
      DDS_PRODUCTS.ebook,
      'application/epub+zip',
      undefined,
      'application/epub+zip',
      [
        [0, 'PK\x03\x04'],
        [30, 'mimetypeapplication/epub+zip'],
      ],
    ],
    ['a PDF', DDS_PRODUCTS.ebook, 'application/pdf', undefined, 'application/pdf', [[0, '%PDF-']]],
    [
      'a WAV for audio',
      DDS_PRODUCTS.audiobook,
      'audio/vnd.bokbasen.complete-public',
      64,
      'audio/wav',
      [
        [0, 'RIFF'],
        [8, 'WAVE'],
      ],
    ],
  ] as const)('serves a DDS download as %s', async (_what, resid, type, bitrate, contentType, magic) => {
    const res = await client.execute(PlaceDdsOrderAndDownloadDocument, { input: ddsOrderInput({ resid }), type, bitrate });
    const download = res.data!.placeDdsOrder.ddsOrder!.download!;
    expect(download.status).toBe('READY');
    const file = await fetchFile(download.url!);
    expect(file).toMatchObject({ status: 200, type: contentType });
    for (const [offset, text] of magic) expect(file.bytes.subarray(offset, offset + text.length).toString('latin1')).toBe(text);
  });
});
