import { createHash } from 'node:crypto';
import { SCOPES, type RateLimit, type Scope } from '../../src/domain';

/** The key every harness gateway accepts with every scope; GraphQLTestClient sends it unless told otherwise. */
export const TEST_API_KEY = 'test-key-every-scope-5b0c6f1e2d';

export interface TestApiKey {
  name: string;
  key: string;
  scopes: readonly Scope[];
  /** As an operator writes it in API_KEYS (burst may be left out). */
  rateLimit?: Omit<RateLimit, 'burst'> & { burst?: number };
}

/** `API_KEYS` as an operator writes it: names, SHA-256 hashes of the keys, scopes. */
export function apiKeysEnv(keys: readonly TestApiKey[]): string {
  return JSON.stringify(keys.map(({ name, key, scopes, rateLimit }) => ({ name, sha256: createHash('sha256').update(key).digest('hex'), scopes, ...(rateLimit ? { rateLimit } : {}) })));
}

export const TEST_API_KEY_ENTRY: TestApiKey = { name: 'test', key: TEST_API_KEY, scopes: SCOPES };

/** `API_KEYS` with just the test key. */
export const TEST_API_KEYS = apiKeysEnv([TEST_API_KEY_ENTRY]);

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}
