import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, type Gateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/server/logger';
import { PlaceDdsOrderAndDownloadDocument } from '../generated/operations';
import { TEST_API_KEYS } from '../harness/api-keys';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { GraphQLTestClient } from '../harness/graphql-client';

/**
 * Not our simulator: a bare server that follows the Boknett DDS contract (OAuth login,
 * orders, content download) and answers every content request with a 300 "more
 * parameters needed" — with a body of its own choosing, or none, as the contract
 * documents none. The order's `resid` picks the 300's body.
 */
const BODIES: Record<string, unknown> = {
  'with-bitrates': { message: 'Velg en bitrate', bitrates: [32, 64] },
  'with-types': { types: ['application/epub+zip', 'application/pdf'], note: 'ignored' },
};
const AUDIO = 'audio/vnd.bokbasen.complete-public';
const EPUB = 'application/epub+zip';

function handle(baseUrl: () => string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'POST' && url.pathname === '/oauth/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ access_token: 'foreign', expires_in: 3600, token_type: 'Bearer' }));
      }
      if (req.headers.authorization !== 'Bearer foreign' || !req.headers.date) {
        res.writeHead(401);
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/order') {
        const { resid } = JSON.parse(text) as { resid: string };
        res.writeHead(201, { location: `${baseUrl()}/content/${resid}` });
        return res.end();
      }
      const content = /^\/content\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && content) {
        const body = BODIES[content[1]!];
        if (body === undefined) {
          res.writeHead(300);
          return res.end();
        }
        res.writeHead(300, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(body));
      }
      res.writeHead(404);
      res.end();
    });
  };
}

describe('Boknett DDS 300 "more parameters needed" from another server that follows the contract', () => {
  let server: Server;
  let gateway: Gateway;
  let client: GraphQLTestClient;
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-'));

  beforeAll(async () => {
    let baseUrl = '';
    server = createServer(handle(() => baseUrl));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    gateway = await createGateway(
      loadConfig({
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        METRICS_PORT: '0',
        LEDGER_PATH: join(dataDir, 'ledger.db'),
        API_KEYS: TEST_API_KEYS,
        BOKNETT_AUTH_MODE: 'oauth',
        BOKNETT_API_BASE_URL: baseUrl,
        BOKNETT_OAUTH_TOKEN_URL: `${baseUrl}/oauth/token`,
        BOKNETT_CLIENT_ID: 'shop',
        BOKNETT_CLIENT_SECRET: 'secret',
        BOKNETT_AUDIENCE: 'https://api.bokbasen.io/dds/',
      }),
      { logger: createLogger('silent') },
    );
    client = new GraphQLTestClient(gateway.url);
  });
  afterAll(async () => {
    await gateway.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function download(resid: string, type: string, bitrate?: number) {
    const res = await client.execute(PlaceDdsOrderAndDownloadDocument, { input: ddsOrderInput({ resid }), type, bitrate });
    expect(res.errors).toBeUndefined();
    expect(res.data!.placeDdsOrder.userErrors).toEqual([]);
    return res.data!.placeDdsOrder.ddsOrder!.download!;
  }

  it('keeps DDS’s message and names the parameter whose choices the body lists', async () => {
    expect(await download('with-bitrates', AUDIO)).toEqual({
      status: 'FAILED',
      url: null,
      message: 'Velg en bitrate. Choices: bitrate: 32, 64.',
      missingParameters: ['bitrate'],
    });
  });

  it('without a body, names what the request lacked: an audio type without bitrate', async () => {
    expect(await download('bare', AUDIO)).toEqual({
      status: 'FAILED',
      url: null,
      message: `Boknett DDS needs bitrate to download type ${AUDIO}.`,
      missingParameters: ['bitrate'],
    });
  });

  it('without a body for a request that lacked nothing known, says that more parameters are needed', async () => {
    expect(await download('bare', EPUB)).toEqual({
      status: 'FAILED',
      url: null,
      message: `Boknett DDS needs more parameters than it was given to download type ${EPUB}.`,
      missingParameters: [],
    });
  });

  it('reads any list of choices in the body as a needed parameter', async () => {
    expect(await download('with-types', EPUB)).toEqual({
      status: 'FAILED',
      url: null,
      message: `Boknett DDS needs type to download type ${EPUB}. Choices: type: application/epub+zip, application/pdf.`,
      missingParameters: ['type'],
    });
  });
});
