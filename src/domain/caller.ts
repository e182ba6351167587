/** What a caller may do. Each protected query or mutation names the one scope it needs. */
export const SCOPES = ['orders:read', 'catalog:read', 'purchases:write', 'dds:write', 'ledger:read', 'ledger:write'] as const;

export type Scope = (typeof SCOPES)[number];

/** Who sent a request: an API key's configured name or a JWT's subject, and what it may do. */
export interface Caller {
  name: string;
  scopes: readonly Scope[];
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export function hasScope(caller: Caller, scope: Scope): boolean {
  return caller.scopes.includes(scope);
}
