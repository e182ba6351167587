import { request } from 'undici';
import { MIGRATIONS } from '../../src/ledger/migrations';
import { startHarness } from '../harness/gateway-harness';
import { LEDGER_STORES } from '../harness/ledger-stores';

const LATEST_MIGRATION = Math.max(...MIGRATIONS.map((migration) => migration.version));

describe.each(LEDGER_STORES)('/readyz with the %s ledger', (_name, createStore) => {
  it('reads the schema version of the store it writes', async () => {
    const store = await createStore();
    const h = await startHarness({ env: { ...store.env, READY_CACHE_MS: '0' } });
    try {
      const res = await request(`${h.gateway.url}/readyz`);
      expect(res.statusCode).toBe(200);
      expect(((await res.body.json()) as { checks: unknown }).checks).toEqual({
        ledger: { status: 'ok', durationMs: expect.any(Number), store: store.config.kind, schemaVersion: LATEST_MIGRATION },
      });
    } finally {
      await h.close();
      await store.cleanup();
    }
  });
});
