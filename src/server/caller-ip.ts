import type { IncomingMessage } from 'node:http';

/** The peer address of the connection, IPv4-mapped addresses unwrapped. */
export function callerIpOf(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
