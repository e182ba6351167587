/** What a caller may do. Each protected query or mutation names the one scope it needs. */
export const SCOPES = ['orders:read', 'catalog:read', 'purchases:write', 'dds:write', 'ledger:read', 'ledger:write'] as const;

export type Scope = (typeof SCOPES)[number];

/** Who sent a request: an API key's configured name or a JWT's subject, and what it may do. */
export interface Caller {
  name: string;
  scopes: readonly Scope[];
  /** The API key's own limits; absent: the gateway's default, if any. */
  rateLimit?: RateLimit;
}

/** A caller's limits per second, across all replicas together. */
export interface RateLimit {
  /** GraphQL requests per second, sustained. */
  requestsPerSecond: number;
  /** Requests allowed at once (at least requestsPerSecond; default requestsPerSecond). */
  burst: number;
  /** Vendor calls per second, as estimated before each request runs (its query cost); absent: not limited. */
  vendorCallsPerSecond?: number;
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export function hasScope(caller: Caller, scope: Scope): boolean {
  return caller.scopes.includes(scope);
}
