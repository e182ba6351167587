import { createGateway, type Gateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/server/logger';
import { createBoknettSimulator, type BoknettSimulator } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, type HlConnectSimulator } from '../../src/vendors/hlconnect/simulator';
import { apiKeysEnv, type TestApiKey } from './api-keys';
import { LogCapture } from './log-capture';
import { createTestSchema } from './postgres';
import { simulatorEnv } from './simulator-env';

export interface PgReplicas {
  hl: HlConnectSimulator;
  boknett: BoknettSimulator;
  /** Two gateways on one PostgreSQL schema, as replicas behind a load balancer. */
  replicas: Gateway[];
  /** Both replicas' log lines. */
  logs: LogCapture;
  close(): Promise<void>;
}

/**
 * One pair of vendor simulators and two in-process gateways sharing a fresh PostgreSQL schema,
 * with short ledger timings (leases, waits, the quiet period) and a buyer-data retention of
 * about 1.7 s; `env` overrides any of them.
 */
export async function startPgReplicas(apiKeys: TestApiKey[], env: Record<string, string> = {}): Promise<PgReplicas> {
  const hl = createHlConnectSimulator({ processingDelayMs: 0 });
  const boknett = createBoknettSimulator({ downloadProcessingMs: 0 });
  await hl.listen(0);
  await boknett.listen(0);
  const db = await createTestSchema();
  const logs = new LogCapture();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    ...simulatorEnv(hl, boknett),
    API_KEYS: apiKeysEnv(apiKeys),
    DATABASE_URL: db.connectionString,
    DATABASE_SCHEMA: db.schema,
    METRICS_PORT: '0',
    UPSTREAM_CONNECT_TIMEOUT_MS: '400',
    UPSTREAM_TIMEOUT_MS: '400',
    LEDGER_LEASE_MS: '2000',
    LEDGER_WAIT_MS: '300',
    LEDGER_POLL_MS: '20',
    LEDGER_RECONCILE_AFTER_MS: '2000',
    LEDGER_RECONCILE_INTERVAL_MS: '100',
    LEDGER_PERSONAL_DATA_DAYS: '0.00002', // about 1.7 s
    ...env,
  });
  const replicas = [await createGateway(config, { logger: createLogger('info', logs) }), await createGateway(config, { logger: createLogger('info', logs) })];
  return {
    hl,
    boknett,
    replicas,
    logs,
    async close() {
      for (const replica of replicas) await replica.close();
      await hl.close();
      await boknett.close();
      await db.drop();
    },
  };
}
