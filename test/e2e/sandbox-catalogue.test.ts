import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxCatalogue, sandboxCatalogueTable } from '../../src/vendors/sandbox-catalogue';
import { BOKNETT_SIMULATOR_PRODUCTS } from '../../src/vendors/boknett/simulator';
import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { simulatorEnv, startGatewayProcess, stopAllGatewayProcesses, waitFor } from '../harness/gateway-process';
import { readmeSection } from '../harness/readme';
import { startVendorSimulators, type VendorSimulators } from '../harness/vendor-simulators';

jest.setTimeout(30_000);

/** The sandbox catalogue has one source, the simulators' catalogues: the README and the start-up banner show it. */
describe('the sandbox catalogue', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gateway-sandbox-catalogue-'));
  });
  afterAll(async () => {
    await stopAllGatewayProcesses();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names every special HL asset and DDS product', () => {
    const ids = sandboxCatalogue().map((row) => row.id);
    for (const id of Object.values(HL_SIMULATOR_ASSETS)) expect(ids).toContain(`assetId ${id}`);
    for (const resid of Object.values(BOKNETT_SIMULATOR_PRODUCTS)) expect(ids).toContain(`resid ${resid}`);
  });

  it('is the README’s table, row for row', () => {
    const table = readmeSection('### Sandbox catalogue')
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .join('\n');
    // On a difference, paste the expected table (the code's) into README.md.
    expect(table).toBe(sandboxCatalogueTable());
  });

  it('is printed in the start-up banner in sandbox mode, every row', async () => {
    const gateway = await startGatewayProcess({ name: 'sandbox-banner', env: { LEDGER_PATH: join(dataDir, 'ledger.db') } });
    const banner = await waitFor('the banner', () => gateway.output().includes('GraphQL and') && gateway.output());
    for (const row of sandboxCatalogue()) expect(banner).toMatch(new RegExp(`\\b${escapeRegExp(row.id)}\\s+${escapeRegExp(row.what)}\\n`));
    await gateway.stop();
  });

  it('is not printed when both vendors are real', async () => {
    const vendors: VendorSimulators = await startVendorSimulators('sandbox-banner-live');
    try {
      const gateway = await startGatewayProcess({
        name: 'live-banner',
        env: { ...simulatorEnv(vendors.hl, vendors.boknett), LEDGER_PATH: join(dataDir, 'live.db'), NODE_ENV: 'development', API_KEYS: '' },
      });
      const banner = await waitFor('the banner', () => gateway.output().includes('GraphQL and') && gateway.output());
      expect(banner).toContain('Dev API key');
      expect(banner).not.toContain('Sandbox catalogue');
      expect(banner).not.toContain(`assetId ${HL_SIMULATOR_ASSETS.standard}`);
      await gateway.stop();
    } finally {
      await vendors.close();
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
