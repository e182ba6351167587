import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, type Gateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/server/logger';
import { LogCapture } from './log-capture';

export interface SandboxGateway {
  gateway: Gateway;
  logs: LogCapture;
  /** The folder of its ledger and the simulators' state files. */
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A gateway in sandbox mode (no vendor credentials: the simulators run in-process) on an
 * ephemeral port, with a data folder of its own; `env` adds to or overrides its settings
 * (vendor credentials in it point the gateway at other servers instead).
 */
export async function startSandboxGateway(env: Record<string, string>): Promise<SandboxGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-sandbox-'));
  const logs = new LogCapture();
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', METRICS_ENABLED: 'false', LEDGER_PATH: join(dataDir, 'ledger.db'), ...env });
  const gateway = await createGateway(config, { logger: createLogger('info', logs) });
  return {
    gateway,
    logs,
    dataDir,
    async close() {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
