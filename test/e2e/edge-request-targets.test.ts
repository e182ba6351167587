import { connect } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { TEST_API_KEY } from '../harness/api-keys';
import { startGatewayProcess, stopAllGatewayProcesses, type GatewayProcess } from '../harness/gateway-process';
import { startVendorSimulators, type VendorSimulators } from '../harness/vendor-simulators';
import { rawRequest, type RawAnswer } from '../harness/raw-http';

jest.setTimeout(120_000);

/** Request targets that once killed the process before authentication. */
const KILLERS = ['GET http://[ HTTP/1.1', 'GET //%zz HTTP/1.1', 'POST http://a:b@[::1 HTTP/1.1'];

/** A small deterministic generator, so that a failure can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const text = (alphabet: string, max: number) => Array.from({ length: 1 + Math.floor(next() * max) }, () => pick([...alphabet])).join('');
  return { next, pick, text };
}

const PATH_CHARS = "abcXYZ019-._~!$&'()*+,;=:@/?#[]%";
const HEX = '0123456789abcdefgzGZ%';

/** `count` request targets of the kinds that trouble URL parsers. */
function requestTargets(count: number): string[] {
  const g = generator(0x5eed);
  const kinds: (() => string)[] = [
    () => `/${g.text(PATH_CHARS, 20)}%${g.text(HEX, 2)}`, // bad percent-encoding
    () => `//%${g.text(HEX, 3)}${g.text(PATH_CHARS, 10)}`, // protocol-relative, bad host
    () => `http://[${g.text('0123456789abcdef:z', 12)}${g.pick(['', ']', ']/graphql', ']:99999/'])}`, // brackets
    () => `${g.pick(['http', 'https', 'ftp', 'HTTP'])}://${g.text('ab:@', 6)}@${g.pick(['[::1', 'localhost', '[', 'h:0', '%zz'])}${g.pick(['', '/graphql', '/healthz?x=%'])}`, // userinfo
    () => `${g.pick(['http://gateway', 'https://x.example', 'http://127.0.0.1:1'])}${g.pick(['/graphql', '/healthz', '/readyz', '/metrics', ''])}${g.pick(['', '?%', '?query=%7B'])}`, // absolute-form
    () => g.pick(['*', 'example.com:443', '[::1]:80', '?', '#', '%', 'graphql', '.', '..']), // neither path nor URL
    () => `/${'a'.repeat(1_000 + Math.floor(g.next() * 20_000))}`, // huge
    () => `/graphql?${g.text(`${PATH_CHARS}\u00e9\u00ff`, 200)}`, // odd queries, bytes beyond ASCII
  ];
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!());
}

function requestFor(method: string, target: string): Buffer {
  const body = method === 'POST' ? '{}' : '';
  const head = `${method} ${target} HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  return Buffer.from(head + body, 'latin1');
}

function expectHandled(answer: RawAnswer, what: string): void {
  if (answer.status === undefined || answer.status >= 500) throw new Error(`${what}: no answer or a server error:\n${answer.text.slice(0, 300)}`);
  expect(answer.text).not.toMatch(/TypeError|\n\s+at /);
  if (answer.status === 400 || answer.status === 431) {
    expect(JSON.parse(answer.body)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: expect.stringMatching(/^[A-Z_]+$/) } }] });
  }
}

describe('request targets at the edge of the production process', () => {
  let vendors: VendorSimulators;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    vendors = await startVendorSimulators('edge-targets');
    gateway = await startGatewayProcess({
      name: 'gateway',
      env: { ...vendors.env(), NODE_ENV: 'production', LEDGER_PATH: join(vendors.dataDir, 'ledger.db') },
    });
  });
  afterAll(async () => {
    await stopAllGatewayProcesses();
    await vendors.close();
  });

  async function expectServing(): Promise<void> {
    expect(gateway.isRunning()).toBe(true);
    const res = await request(`${gateway.url}/healthz`, { headersTimeout: 2_000, bodyTimeout: 2_000 });
    expect(res.statusCode).toBe(200);
    await res.body.text();
  }

  it.each(KILLERS)('answers `%s` with 400 BAD_REQUEST_TARGET and keeps serving', async (line) => {
    const answer = await rawRequest(gateway.port, `${line}\r\nHost: gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      errors: [{ message: 'The request target is not a valid path or URL', extensions: { code: 'BAD_REQUEST_TARGET' } }],
    });
    expect(answer.text).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/i);
    await expectServing();
  });

  /** An answer the gateway gave itself: JSON with a stable code, and the connection closed after it. */
  function expectRefusal(answer: RawAnswer, status: number, code: string): void {
    expect(answer.status).toBe(status);
    expect(answer.text).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
    expect(answer.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(answer.body)).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
  }

  it.each([
    ['an authority (host:443)', 'CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443'],
    ['a path', 'CONNECT /graphql HTTP/1.1\r\nHost: gateway'],
  ])('answers a CONNECT to %s with 400 BAD_REQUEST_TARGET: the gateway is not a proxy', async (_target, head) => {
    const answer = await rawRequest(gateway.port, `${head}\r\n\r\n`);
    expectRefusal(answer, 400, 'BAD_REQUEST_TARGET');
    expect(answer.text).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/i);
    await expectServing();
  });

  it.each([
    ['GET /healthz', 'GET /healthz HTTP/1.1\r\n\r\n'],
    ['POST /graphql', `POST /graphql HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 26\r\n\r\n{"query":"{ __typename }"}`],
  ])('answers an HTTP/1.1 %s without Host with 400 BAD_REQUEST', async (_request, payload) => {
    expectRefusal(await rawRequest(gateway.port, payload), 400, 'BAD_REQUEST');
    // HTTP/1.0 has no Host requirement.
    expect((await rawRequest(gateway.port, 'GET /healthz HTTP/1.0\r\n\r\n')).status).toBe(200);
  });

  it('answers an Expect it does not meet with 417 EXPECTATION_FAILED, and meets 100-continue', async () => {
    const body = '{"query":"{ __typename }"}';
    const head = (expect: string) =>
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\nX-Api-Key: ${TEST_API_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: ${expect}\r\n\r\n`;
    expectRefusal(await rawRequest(gateway.port, head('foo')), 417, 'EXPECTATION_FAILED');

    // 100-continue: the body is sent once the gateway asks for it, and runs.
    const socket = connect(gateway.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const seen = async (pattern: RegExp) => {
      for (const startedAt = Date.now(); !pattern.test(received); await new Promise((resolve) => setTimeout(resolve, 10))) {
        if (Date.now() - startedAt > 5_000) throw new Error(`not seen ${pattern}; received: ${received.slice(0, 300)}`);
      }
    };
    try {
      socket.write(head('100-continue'));
      await seen(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
      socket.write(body);
      await seen(/\r\n\r\n.*\{"data":\{"__typename":"Query"\}\}/s);
      expect(received).toMatch(/\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    } finally {
      socket.destroy();
    }
  });

  it('answers 1,000 generated request targets, each with an HTTP answer, and is alive after every batch', async () => {
    const targets = requestTargets(1_000);
    const methods = ['GET', 'POST', 'OPTIONS', 'HEAD'];
    const startedAt = Date.now();
    const statuses = new Map<number, number>();
    for (let offset = 0; offset < targets.length; offset += 50) {
      const batch = targets.slice(offset, offset + 50);
      const answers = await Promise.all(batch.map((target, i) => rawRequest(gateway.port, requestFor(methods[(offset + i) % methods.length]!, target))));
      answers.forEach((answer, i) => {
        const method = methods[(offset + i) % methods.length]!;
        if (method !== 'HEAD') expectHandled(answer, `${method} ${batch[i]!.slice(0, 80)}`);
        else if (answer.status === undefined) throw new Error(`HEAD ${batch[i]!.slice(0, 80)}: no answer`);
        statuses.set(answer.status!, (statuses.get(answer.status!) ?? 0) + 1);
      });
      await expectServing();
    }
    // The targets are mostly refused (400, 404, 431) and never answered with a 5xx.
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(Date.now() - startedAt).toBeLessThan(60_000);
    expect(gateway.output()).not.toMatch(/TypeError|uncaught/i);
  });
});
