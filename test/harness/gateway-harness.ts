import 'reflect-metadata';
import { createGateway, type Gateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/server/logger';
import { createHlConnectSimulator, type HlConnectSimulator, type HlConnectSimulatorOptions } from '../../src/vendors/hlconnect/simulator';
import { GraphQLTestClient } from './graphql-client';
import { LogCapture } from './log-capture';

export interface HarnessOptions {
  hlconnect?: HlConnectSimulatorOptions;
  /** Extra environment for the gateway (string values, as in process.env). */
  env?: Record<string, string>;
}

export interface Harness {
  gateway: Gateway;
  hl: HlConnectSimulator;
  client: GraphQLTestClient;
  logs: LogCapture;
  close(): Promise<void>;
}

/**
 * A gateway on an ephemeral port, configured with real credentials against an HL
 * Connect simulator on its own ephemeral port: everything over real HTTP.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const hl = createHlConnectSimulator({ processingDelayMs: 0, ...options.hlconnect });
  await hl.listen(0);
  const logs = new LogCapture();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    HLCONNECT_BASE_URL: hl.url,
    HLCONNECT_TOKEN: hl.accessToken,
    ...options.env,
  });
  const gateway = await createGateway(config, { logger: createLogger('info', logs) });
  return {
    gateway,
    hl,
    logs,
    client: new GraphQLTestClient(gateway.url),
    async close() {
      await gateway.close();
      await hl.close();
    },
  };
}
