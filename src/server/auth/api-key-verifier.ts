import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from '../../config';
import type { Caller } from '../../domain';

export type ApiKeyVerifier = (presented: string) => Caller | null;

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Checks a presented key against the configured SHA-256 hashes. The key is hashed and
 * compared with every configured hash in constant time, so neither the key nor which
 * entry matched shows in the time taken.
 */
export function createApiKeyVerifier(keys: readonly ApiKeyConfig[]): ApiKeyVerifier {
  const entries = keys.map((key) => ({
    digest: Buffer.from(key.sha256, 'hex'),
    caller: { name: key.name, scopes: [...key.scopes], ...(key.rateLimit ? { rateLimit: key.rateLimit } : {}) } satisfies Caller,
  }));
  return (presented) => {
    const digest = sha256(presented);
    let found: Caller | null = null;
    for (const entry of entries) if (timingSafeEqual(entry.digest, digest) && !found) found = entry.caller;
    return found;
  };
}
