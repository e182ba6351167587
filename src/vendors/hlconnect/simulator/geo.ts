import { isIPv4 } from 'node:net';

/** Where a caller is when no table row matches (loopback, private and unknown addresses). */
export const DEFAULT_COUNTRY = 'US';

/** The documentation ranges (RFC 5737), one country each, so tests can pick a buyer's country. */
export const GEO_TABLE: ReadonlyArray<{ cidr: string; country: string }> = [
  { cidr: '192.0.2.0/24', country: 'US' },
  { cidr: '198.51.100.0/24', country: 'GB' },
  { cidr: '203.0.113.0/24', country: 'NO' },
];

const RANGES = GEO_TABLE.map(({ cidr, country }) => {
  const [network = '', bits = '32'] = cidr.split('/');
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return { network: (ipv4ToInt(network) & mask) >>> 0, mask, country };
});

/** ISO 3166-1 alpha-2 country of an IP address (IPv4-mapped ones already unwrapped), from the built-in table. */
export function defaultCountryForIp(ip: string): string {
  if (!isIPv4(ip)) return DEFAULT_COUNTRY;
  const value = ipv4ToInt(ip);
  return RANGES.find((range) => (value & range.mask) >>> 0 === range.network)?.country ?? DEFAULT_COUNTRY;
}

function ipv4ToInt(address: string): number {
  return address.split('.').reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0);
}
