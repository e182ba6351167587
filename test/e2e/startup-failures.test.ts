import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGatewayToExit } from '../harness/gateway-process';

jest.setTimeout(60_000);

/** A gateway that would otherwise start: development, any free ports. */
const BASE = { NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'warn' };
/**
 * Refusing to start is quick: no retry loop, no spinning. A process that does not give up is
 * killed at 20 s (and would not exit with code 1); the bound leaves room for Node's own start
 * on a loaded CI machine (1.4 s quiet, up to 6.5 s seen with the suite running beside it).
 */
const FAST_MS = 12_000;

async function startFails(env: Record<string, string>) {
  const startedAt = Date.now();
  const result = await runGatewayToExit({ ...BASE, ...env }, 20_000);
  return { ...result, tookMs: Date.now() - startedAt };
}

describe('a gateway that cannot start', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'startup-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every bad value at once, the schema’s and the other checks’', async () => {
    const result = await startFails({ METRICS_ENABLED: 'maybe', CORS_ORIGINS: 'x', TRUSTED_PROXIES: 'banana', HTTP_REQUEST_TIMEOUT_MS: 'soon', LEDGER_PATH: join(dir, 'a.db') });
    expect(result.code).toBe(1);
    expect(result.tookMs).toBeLessThan(FAST_MS);
    expect(result.stderr).toMatch(/^Invalid configuration:\n/);
    for (const name of ['METRICS_ENABLED', 'CORS_ORIGINS: "x"', 'TRUSTED_PROXIES: "banana"', 'HTTP_REQUEST_TIMEOUT_MS']) expect(result.stderr).toContain(`  - ${name}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails fast on a LEDGER_PATH whose folder cannot be created, naming it', async () => {
    const result = await startFails({ LEDGER_PATH: '/proc/x/ledger.db' });
    expect(result.code).toBe(1);
    expect(result.tookMs).toBeLessThan(FAST_MS);
    expect(result.stderr).toContain('LEDGER_PATH (/proc/x/ledger.db): the ledger cannot be opened');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names LEDGER_PATH when the path is not a database file', async () => {
    const result = await startFails({ LEDGER_PATH: dir });
    expect(result.code).toBe(1);
    expect(result.tookMs).toBeLessThan(FAST_MS);
    expect(result.stderr).toContain(`LEDGER_PATH (${dir}): the ledger cannot be opened`);
  });

  it('names DATABASE_URL and its host, never its password, when PostgreSQL cannot be reached', async () => {
    const result = await startFails({ DATABASE_URL: 'postgres://gateway:pa55-w0rd-secret@127.0.0.1:1/ledger' });
    expect(result.code).toBe(1);
    expect(result.tookMs).toBeLessThan(FAST_MS);
    expect(result.stderr).toContain('DATABASE_URL (127.0.0.1:1/ledger, schema public): the ledger cannot be opened');
    expect(result.stderr + result.stdout).not.toContain('pa55-w0rd-secret');
  });

  it('gives up on a PostgreSQL that accepts connections but never answers, after DATABASE_CONNECT_TIMEOUT_MS', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const result = await startFails({ DATABASE_URL: `postgres://gateway@127.0.0.1:${port}/ledger`, DATABASE_CONNECT_TIMEOUT_MS: '1000' });
      expect(result.code).toBe(1);
      expect(result.tookMs).toBeLessThan(FAST_MS);
      expect(result.stderr).toContain(`DATABASE_URL (127.0.0.1:${port}/ledger, schema public): the ledger cannot be opened`);
      expect(result.stderr).toMatch(/timeout/i);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('names DATABASE_URL when the database does not exist', async () => {
    const result = await startFails({ DATABASE_URL: 'postgres://postgres:pa55-w0rd-secret@127.0.0.1:5432/no_such_database_here' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL (127.0.0.1:5432/no_such_database_here, schema public): the ledger cannot be opened');
    expect(result.stderr).toContain('does not exist');
    expect(result.stderr + result.stdout).not.toContain('pa55-w0rd-secret');
  });

  it('names METRICS_PORT when the metrics listener cannot bind', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const result = await startFails({ METRICS_PORT: String(port), LEDGER_PATH: join(dir, 'b.db') });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`METRICS_HOST/METRICS_PORT (127.0.0.1:${port}): cannot listen: EADDRINUSE`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
