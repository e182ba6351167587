/**
 * A DataLoader batch function that makes one call per key (for vendors without batch
 * endpoints); a failure stays with its own key.
 */
export function perKey<K, V>(load: (key: K) => Promise<V>) {
  return (keys: readonly K[]) => Promise.all(keys.map((key) => load(key).catch((error: unknown) => error as Error)));
}
