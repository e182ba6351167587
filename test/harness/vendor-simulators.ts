import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBoknettSimulator, type BoknettSimulator } from '../../src/vendors/boknett/simulator';
import { createHlConnectSimulator, type HlConnectSimulator, type HlConnectSimulatorOptions } from '../../src/vendors/hlconnect/simulator';
import { simulatorEnv } from './simulator-env';

export interface VendorSimulators {
  hl: HlConnectSimulator;
  boknett: BoknettSimulator;
  /** A fresh folder for ledger files, removed by `close`. */
  dataDir: string;
  /** The gateway's live vendor settings pointing at both simulators. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/** Both vendor simulators on ephemeral ports and a data folder: for gateways run as child processes. */
export async function startVendorSimulators(name: string, options: { hlconnect?: HlConnectSimulatorOptions } = {}): Promise<VendorSimulators> {
  const hl = createHlConnectSimulator({ processingDelayMs: 0, ...options.hlconnect });
  const boknett = createBoknettSimulator();
  await hl.listen(0);
  await boknett.listen(0);
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  return {
    hl,
    boknett,
    dataDir,
    env: () => simulatorEnv(hl, boknett),
    async close() {
      await hl.close();
      await boknett.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
