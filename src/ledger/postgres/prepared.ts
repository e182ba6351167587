/**
 * A statement sent as a named prepared statement: PostgreSQL parses and plans it once per
 * connection instead of on every call. The ledger's large statements (a batch of claims, of
 * transitions) spend longer being planned than run; on the response path that is paid twice.
 */
export interface Prepared {
  name: string;
  text: string;
}

export const prepared = (name: string, text: string): Prepared => ({ name, text });
