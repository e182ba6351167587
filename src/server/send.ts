import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** The body of every refusal the edge answers itself. */
export function refusal(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * A refusal written straight onto a connection node:http no longer answers for (a request
 * it could not read, a CONNECT, a WebSocket upgrade): JSON with a stable code, like every
 * other refusal, then the connection closed.
 */
export function refuseOnSocket(socket: Duplex, status: number, message: string, code: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(refusal(message, code));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
