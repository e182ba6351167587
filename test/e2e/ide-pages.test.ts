import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { createGateway, type Gateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/server/logger';
import { bearer, TEST_API_KEY } from '../harness/api-keys';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { LogCapture } from '../harness/log-capture';

const DEV_KEY = 'dev-key-ide-pages-7c1d9e2a4f';

/** A browser's GET: HTML asked for, no credential. */
async function browse(url: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const res = await request(url, { headers: { accept: 'text/html' } });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** A gateway in sandbox mode (no vendor credentials, the dev key), with more environment. */
async function sandboxGateway(env: Record<string, string> = {}): Promise<{ gateway: Gateway; logs: LogCapture; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-ide-'));
  const logs = new LogCapture();
  const config = loadConfig({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', METRICS_ENABLED: 'false', LEDGER_PATH: join(dataDir, 'ledger.db'), DEV_API_KEY: DEV_KEY, ...env });
  const gateway = await createGateway(config, { logger: createLogger('info', logs) });
  return {
    gateway,
    logs,
    async close() {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('the IDE pages over HTTP', () => {
  describe('sandbox mode, GRAPHQL_IDE unset (Apollo Sandbox)', () => {
    let sandbox: Awaited<ReturnType<typeof sandboxGateway>>;
    beforeAll(async () => {
      sandbox = await sandboxGateway();
    });
    afterAll(async () => sandbox.close());

    it('Sandbox at / and /graphql: the dev key in the shared headers, the example operation, and the way to the local GraphiQL', async () => {
      for (const path of ['/', '/graphql']) {
        const page = await browse(`${sandbox.gateway.url}${path}`);
        expect(page.status).toBe(200);
        expect(page.text).toContain('embeddable-sandbox');
        expect(page.text).toContain(`"sharedHeaders":{"Authorization":"Bearer ${DEV_KEY}"}`);
        expect(page.text).toContain('query VendorHealth');
        expect(page.text).toContain('"endpointIsEditable":false');
        expect(page.text).toMatch(/<script nonce="[0-9a-f]{64}">if \(typeof window\.EmbeddedSandbox !== 'function'\) window\.location\.replace\('graphiql'\);<\/script>/);
        expect(page.text).toContain('<a href="graphiql">');
        // It holds the dev key: never cached, never sent on as a referrer.
        expect(page.headers['cache-control']).toBe('no-store');
        expect(page.headers['referrer-policy']).toBe('no-referrer');
      }
    });

    it('GraphiQL at /graphiql, from this origin only, with the dev key; never cached', async () => {
      const page = await browse(`${sandbox.gateway.url}/graphiql`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain(`"headers":{"Authorization":"Bearer ${DEV_KEY}"}`);
      expect(page.text).toContain("connect-src 'self'");
      expect(page.text).toContain('<script src="ide/graphiql.js"></script>');
      expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    });

    it('serves the bundle, gzipped when the browser accepts it', async () => {
      for (const [path, type] of [
        ['/ide/graphiql.js', 'text/javascript; charset=utf-8'],
        ['/ide/graphiql.css', 'text/css; charset=utf-8'],
      ] as const) {
        const plain = await request(`${sandbox.gateway.url}${path}`);
        expect(plain.statusCode).toBe(200);
        expect(plain.headers['content-type']).toBe(type);
        expect(plain.headers['content-encoding']).toBeUndefined();
        const body = await plain.body.text();
        expect(body.length).toBeGreaterThan(10_000);
        const gzip = await request(`${sandbox.gateway.url}${path}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
        expect(gzip.headers['content-encoding']).toBe('gzip');
        expect(Number(gzip.headers['content-length'])).toBeLessThan(body.length);
        await gzip.body.dump();
      }
      const post = await request(`${sandbox.gateway.url}/ide/graphiql.js`, { method: 'POST', body: '' });
      expect(post.statusCode).toBe(405);
      expect(post.headers.allow).toBe('GET, HEAD');
      await post.body.dump();
    });

    it('never logs the dev key', () => {
      expect(sandbox.logs.text).not.toContain(DEV_KEY);
    });
  });

  it('GRAPHQL_IDE=graphiql: / and /graphql show the local GraphiQL, no CDN', async () => {
    const sandbox = await sandboxGateway({ GRAPHQL_IDE: 'graphiql' });
    try {
      for (const path of ['/', '/graphql', '/graphiql']) {
        const page = await browse(`${sandbox.gateway.url}${path}`);
        expect(page.status).toBe(200);
        expect(page.text).toContain('<script src="ide/graphiql.js"></script>');
        expect(page.text).toContain(`"headers":{"Authorization":"Bearer ${DEV_KEY}"}`);
        expect(page.text).not.toContain('apollographql.com');
        expect(page.headers['cache-control']).toBe('no-store');
      }
      // Operations still answer at /graphql.
      const res = await request(`${sandbox.gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(DEV_KEY) },
        body: '{"query":"{ __typename }"}',
      });
      expect(await res.body.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await sandbox.close();
    }
  });

  describe('outside sandbox mode', () => {
    let h: Harness;
    afterEach(async () => h.close());

    it('with API keys configured: the IDEs but no key in them', async () => {
      h = await startHarness();
      const graphiql = await browse(`${h.gateway.url}/graphiql`);
      expect(graphiql.status).toBe(200);
      expect(graphiql.text).not.toContain('"headers"');
      expect(graphiql.text).not.toContain('Bearer');
      const sandbox = await browse(`${h.gateway.url}/graphql`);
      expect(sandbox.text).toContain('query VendorHealth');
      expect(sandbox.text).not.toContain('sharedHeaders');
      expect(sandbox.text).not.toContain(TEST_API_KEY);
    });

    it('in production: no landing page and no /graphiql, unless GRAPHQL_LANDING_PAGE', async () => {
      h = await startHarness({ env: { NODE_ENV: 'production' } });
      for (const path of ['/graphiql', '/ide/graphiql.js', '/ide/graphiql.css']) expect((await browse(`${h.gateway.url}${path}`)).status).toBe(404);
      expect((await browse(`${h.gateway.url}/graphql`)).status).toBe(401);
      await h.close();
      h = await startHarness({ env: { NODE_ENV: 'production', GRAPHQL_LANDING_PAGE: 'true', GRAPHQL_IDE: 'graphiql' } });
      for (const path of ['/graphiql', '/graphql']) {
        const page = await browse(`${h.gateway.url}${path}`);
        expect(page.status).toBe(200);
        expect(page.text).toContain('<script src="ide/graphiql.js"></script>');
        expect(page.text).not.toContain('Bearer');
      }
    });
  });
});
