import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { apiKeysEnv, bearer, TEST_API_KEY_ENTRY, type TestApiKey } from '../harness/api-keys';
import { startGatewayProcess, stopAllGatewayProcesses, type GatewayProcess } from '../harness/gateway-process';
import { startVendorSimulators, type VendorSimulators } from '../harness/vendor-simulators';

const LIMITED: TestApiKey = { name: 'limited', key: 'process-limited-key-4e5f6a7b8c9d', scopes: ['catalog:read'], rateLimit: { requestsPerSecond: 5 } };
const ASSETS = 'query ProcessPage($first: Int) { assets(first: $first) { edges { node { assetId } } } }';

/**
 * The compiled production gateway, twice (separate OS processes) on the machine's Redis:
 * what one process registers, caches or counts, the other sees.
 */
describe('two compiled gateway processes sharing one Redis', () => {
  let vendors: VendorSimulators;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    vendors = await startVendorSimulators('fleet-processes');
    // One key prefix for both: they are one fleet.
    const prefix = `test-processes-${randomBytes(6).toString('hex')}:`;
    const env = (name: string) => ({
      ...vendors.env(),
      NODE_ENV: 'production',
      LEDGER_PATH: join(vendors.dataDir, `${name}.db`),
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: prefix,
      API_KEYS: apiKeysEnv([TEST_API_KEY_ENTRY, LIMITED]),
      CATALOGUE_CACHE_TTL_S: '60',
      SHUTDOWN_TIMEOUT_MS: '1000',
    });
    [a, b] = await Promise.all([startGatewayProcess({ name: 'A', env: env('a') }), startGatewayProcess({ name: 'B', env: env('b') })]);
  }, 60_000);

  afterAll(async () => {
    await stopAllGatewayProcesses();
    await vendors?.close();
  });

  it('finds a persisted query and a cached page across processes, and counts a caller once for both', async () => {
    const query = `${ASSETS} # ${randomBytes(4).toString('hex')}`;
    const persisted = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    vendors.hl.calls.reset();
    const onA = await a.client.post({ query, variables: { first: 6 }, extensions: persisted });
    expect(onA.errors).toBeUndefined();
    const onB = await b.client.post({ variables: { first: 6 }, extensions: persisted });
    expect(onB.data).toEqual(onA.data);
    expect(vendors.hl.calls.count('GET /assets/list')).toBe(1);

    const clients = [a.client.as(bearer(LIMITED.key)), b.client.as(bearer(LIMITED.key))];
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => clients[i % 2]!.post({ query: ASSETS, variables: { first: 1 + (i % 3) } })));
    const windows = Math.ceil((performance.now() - started) / 1000) + 1;
    const answered = answers.filter((r) => r.status === 200).length;
    expect(answered).toBeGreaterThanOrEqual(5);
    expect(answered).toBeLessThanOrEqual(5 * windows);
    expect(answers.filter((r) => r.status === 429).every((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED')).toBe(true);
  });
});
