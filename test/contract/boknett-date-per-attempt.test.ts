import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Secret } from '../../src/config';
import type { BoknettClient } from '../../src/vendors/boknett/boknett-client';
import { createBoknettClient } from '../../src/vendors/boknett/create-boknett-client';

/**
 * The contract: DDS's `Date` "must be computed for each request". A bare server answers a
 * content request with 503 twice, then with the status page; the client's clock moves a minute
 * per reading, so every attempt, the re-sent ones included, must carry a Date of its own.
 */
describe('Boknett DDS Date header on re-sent reads, against a bare server', () => {
  let server: Server;
  let client: BoknettClient;
  const contentDates: string[] = [];
  let clock = Date.UTC(2026, 11, 1, 12, 0, 0);

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    req.resume();
    req.on('end', () => {
      if (url.pathname === '/oauth/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ access_token: 'bare', expires_in: 3600, token_type: 'Bearer' }));
      }
      if (url.pathname === '/dds/content/abc') {
        contentDates.push(String(req.headers.date));
        if (contentDates.length <= 2) {
          res.writeHead(503);
          return res.end();
        }
        res.writeHead(302, { location: '/dds/download/d1/status' });
        return res.end();
      }
      if (url.pathname === '/dds/download/d1/status') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ status: 'READY', downloadURL: 'https://files.example/abc.epub' }));
      }
      res.writeHead(404);
      res.end();
    });
  }

  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = createBoknettClient({
      apiBaseUrl: `${base}/dds/`,
      auth: { kind: 'oauth', tokenUrl: `${base}/oauth/token`, clientId: 'shop', clientSecret: new Secret('client-secret-0123456789'), audience: 'https://api.bokbasen.io/dds/' },
      upstream: { connectTimeoutMs: 1000, timeoutMs: 2000, maxResponseBytes: 65_536, connections: 2 },
      resilience: { resilience: { retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 }, breaker: { threshold: 50, halfOpenAfterMs: 1000 }, bulkhead: { limit: 4, queue: 10 } } },
      downloadPoll: { intervalMs: 10, timeoutMs: 2000 },
      now: () => (clock += 60_000),
    });
  });
  afterAll(async () => {
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends a Date computed for each attempt', async () => {
    const download = await client.download({ fulfilmentId: 'abc', type: 'application/epub+zip', bitrate: null });
    expect(download).toMatchObject({ status: 'READY', url: 'https://files.example/abc.epub' });
    expect(contentDates).toHaveLength(3);
    expect(new Set(contentDates).size).toBe(3);
    for (const date of contentDates) expect(date).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });
});
