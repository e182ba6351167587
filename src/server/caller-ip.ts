import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { AddressRange } from '../config';

/** The peer address of the connection, IPv4-mapped addresses unwrapped. */
export function callerIpOf(req: IncomingMessage): string {
  return unwrapMapped(req.socket.remoteAddress ?? '');
}

/**
 * The address a request comes from: the connection's peer, unless that peer is a
 * trusted proxy; then `X-Forwarded-For` is read from the right, skipping trusted
 * proxies, and the first address that is not one is the caller. A list made only of
 * trusted proxies gives its left-most address; an unreadable entry stops the walk at the
 * last trusted hop (a client can write anything left of what our proxies append).
 */
export function createCallerIpResolver(trustedProxies: readonly AddressRange[]): (req: IncomingMessage) => string {
  if (trustedProxies.length === 0) return callerIpOf;
  const trusted = new BlockList();
  for (const range of trustedProxies) trusted.addSubnet(range.address, range.prefix, range.family);
  const isTrusted = (ip: string) => {
    const version = isIP(ip);
    return version !== 0 && trusted.check(ip, version === 4 ? 'ipv4' : 'ipv6');
  };

  return (req) => {
    let caller = callerIpOf(req);
    if (!isTrusted(caller)) return caller;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    for (const hop of hops.reverse()) {
      const ip = addressOf(hop);
      if (ip === undefined) return caller;
      caller = ip;
      if (!isTrusted(ip)) return ip;
    }
    return caller;
  };
}

/** `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:443`, IPv4-mapped unwrapped; else undefined. */
function addressOf(hop: string): string | undefined {
  const candidate = /^\[(.+)\](?::\d+)?$/.exec(hop)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop)?.[1] ?? hop;
  const ip = unwrapMapped(candidate);
  return isIP(ip) === 0 ? undefined : ip;
}

function unwrapMapped(ip: string): string {
  return ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}
