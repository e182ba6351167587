import { connect } from 'node:net';
import { bearer, TEST_API_KEY } from '../harness/api-keys';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { parseAnswer, type RawAnswer } from '../harness/raw-http';

const HEADERS_TIMEOUT_MS = 500;
const REQUEST_TIMEOUT_MS = 1_000;
/** Node looks for late requests every quarter of the headers timeout; a little on top for a busy machine. */
const SLACK_MS = 1_000;

/**
 * Sends `head` at once, then `trickle` one byte every 100 ms until the server answers or
 * closes; resolves with what it answered and when, counted from the first byte.
 */
function trickle(port: number, head: string, trickled: string): Promise<RawAnswer & { afterMs: number }> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let sent = 0;
    const ticker = setInterval(() => {
      if (sent < trickled.length && socket.writable) socket.write(trickled[sent++]!);
    }, 100);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server was still reading after 10 s'));
    }, 10_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(ticker);
      clearTimeout(giveUp);
      resolve({ ...parseAnswer(Buffer.concat(chunks).toString('latin1')), afterMs: Date.now() - startedAt });
    });
    socket.write(head);
  });
}

describe('clients that send their request slowly', () => {
  let h: Harness;
  const port = () => Number(new URL(h.gateway.url).port);
  const auth = `Authorization: ${bearer(TEST_API_KEY).authorization}\r\n`;

  beforeAll(async () => {
    h = await startHarness({ env: { HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } });
  });
  afterAll(async () => h.close());

  it('cuts a body trickled after the headers at HTTP_REQUEST_TIMEOUT_MS with a 408', async () => {
    const body = JSON.stringify({ query: '{ __typename }' }).padEnd(200, ' ');
    const answer = await trickle(port(), `POST /graphql HTTP/1.1\r\nHost: gateway\r\n${auth}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`, body);
    expect(answer.afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(answer.afterMs).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toEqual({ errors: [{ message: 'The request was not received in time', extensions: { code: 'REQUEST_TIMEOUT' } }] });
  });

  it('cuts headers trickled byte by byte at HTTP_HEADERS_TIMEOUT_MS with a 408', async () => {
    const answer = await trickle(port(), 'GET /healthz HTTP/1.1\r\n', `Host: gateway\r\nX-Slow: ${'s'.repeat(100)}\r\n\r\n`);
    expect(answer.afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
    expect(answer.status).toBe(408);
  });

  it.each([
    ['413 PAYLOAD_TOO_LARGE for a declared length over MAX_BODY_BYTES', auth, 2_000_000, 413, 'PAYLOAD_TOO_LARGE'],
    ['401 UNAUTHENTICATED without a credential', '', 200, 401, 'UNAUTHENTICATED'],
  ])('answers a request once, %s, and closes the connection while its body still arrives', async (_what, credential, length, status, code) => {
    const answer = await trickle(
      port(),
      `POST /graphql HTTP/1.1\r\nHost: gateway\r\n${credential}Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
      '{"query":"{ __typename }"}'.padEnd(100, ' '),
    );
    expect(answer.status).toBe(status);
    expect(answer.text).toMatch(/\r\nconnection: close\r\n/i);
    // Nothing after the answer: no 408 once the request timeout passes.
    expect(answer.text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(JSON.parse(answer.body)).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
    expect(answer.afterMs).toBeLessThan(REQUEST_TIMEOUT_MS);
  });

  it('does not cut an idle keep-alive connection: the timeouts count from a request’s first byte', async () => {
    const socket = connect(port(), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const answers = (n: number) =>
      new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if ((received.match(/HTTP\/1\.1 200 /g) ?? []).length >= n) {
            clearInterval(check);
            resolve();
          }
        }, 10);
      });
    try {
      socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
      await answers(1);
      await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS + SLACK_MS));
      expect(socket.destroyed).toBe(false);
      socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
      await answers(2);
    } finally {
      socket.destroy();
    }
  });
});
