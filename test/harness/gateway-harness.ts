import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { createGateway, type Gateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/server/logger';
import { createBoknettSimulator, type BoknettSimulator, type BoknettSimulatorOptions } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, type HlConnectSimulator, type HlConnectSimulatorOptions } from '../../src/vendors/hlconnect/simulator';
import { TEST_API_KEYS } from './api-keys';
import { simulatorEnv } from './simulator-env';
import { GraphQLTestClient } from './graphql-client';
import { LogCapture } from './log-capture';

export interface HarnessOptions {
  hlconnect?: HlConnectSimulatorOptions;
  /** Boknett DDS simulator options; downloads are READY at once unless `downloadProcessingMs` says otherwise. */
  boknett?: BoknettSimulatorOptions;
  /** One clock (epoch ms) for the Boknett simulator and the gateway, to move time without waiting. */
  now?: () => number;
  /** Extra environment for the gateway (string values, as in process.env). */
  env?: Record<string, string>;
  /** Simulators another harness (a second replica) already runs: used, and left running by `close`. */
  simulators?: { hl: HlConnectSimulator; boknett: BoknettSimulator };
}

export interface Harness {
  gateway: Gateway;
  hl: HlConnectSimulator;
  boknett: BoknettSimulator;
  client: GraphQLTestClient;
  logs: LogCapture;
  close(): Promise<void>;
}

/**
 * A gateway on an ephemeral port, configured with real credentials against an HL
 * Connect simulator and a Boknett DDS simulator, each on its own ephemeral port:
 * everything over real HTTP.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const owned = !options.simulators;
  const { hl, boknett } = options.simulators ?? {
    hl: createHlConnectSimulator({ processingDelayMs: 0, ...options.hlconnect }),
    boknett: createBoknettSimulator({ downloadProcessingMs: 0, ...(options.now ? { now: options.now } : {}), ...options.boknett }),
  };
  if (owned) {
    await hl.listen(0);
    await boknett.listen(0);
  }
  const logs = new LogCapture();
  // A real SQLite ledger file of its own, unless the test points at PostgreSQL.
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-'));
  const config = loadConfig({
    LEDGER_PATH: join(dataDir, 'ledger.db'),
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    ...simulatorEnv(hl, boknett),
    // The test key with every scope, which the client sends by default; tests may configure other keys.
    API_KEYS: TEST_API_KEYS,
    ...options.env,
  });
  const gateway = await createGateway(config, { logger: createLogger('info', logs), now: options.now });
  return {
    gateway,
    hl,
    boknett,
    logs,
    client: new GraphQLTestClient(gateway.url),
    async close() {
      await gateway.close();
      if (owned) {
        await hl.close();
        await boknett.close();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
