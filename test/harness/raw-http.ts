import { connect } from 'node:net';

export interface RawAnswer {
  /** The status of the first answer, or undefined when the connection closed without one. */
  status?: number;
  /** Everything the server sent. */
  text: string;
  /** The body after the first answer's head. */
  body: string;
}

/**
 * Sends `payload` as it is on a fresh TCP connection and collects what comes back until
 * the server closes it (or `timeoutMs`): for requests no HTTP client would send.
 */
export function rawRequest(port: number, payload: string | Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; received: ${Buffer.concat(chunks).toString('latin1').slice(0, 200)}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is still an answer
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseAnswer(Buffer.concat(chunks).toString('latin1')));
    });
    socket.write(payload);
  });
}

export function parseAnswer(text: string): RawAnswer {
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1];
  const headEnd = text.indexOf('\r\n\r\n');
  return { status: status === undefined ? undefined : Number(status), text, body: headEnd < 0 ? '' : text.slice(headEnd + 4) };
}
