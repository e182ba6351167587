import 'reflect-metadata';
import { createGateway } from './app';
import { ConfigError, type GatewayConfig, loadConfig } from './config';
import { createLogger } from './server/logger';

/** After SHUTDOWN_TIMEOUT_MS, how long closing vendors, the ledger and telemetry may still take. */
const SHUTDOWN_GRACE_MS = 5_000;

async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger(config.logLevel);
  const gateway = await createGateway(config, { logger });
  const store = config.ledger.store;
  const ledger = store.kind === 'sqlite' ? { kind: 'sqlite', path: store.path } : { kind: 'postgres', schema: store.schema };
  logger.info({ url: `${gateway.url}/graphql`, env: config.env, ledger }, 'gateway listening');
  const { hlconnect, boknett } = gateway.sandbox;
  const devKey = config.access.devKey;
  if (hlconnect || boknett || devKey) {
    // Only in sandbox mode: the catalogue is read from the simulators' code.
    const catalogue =
      hlconnect || boknett
        ? (require('./vendors/sandbox-catalogue') as typeof import('./vendors/sandbox-catalogue')).sandboxCatalogueBanner([
            ...(hlconnect ? (['HL Connect'] as const) : []),
            ...(boknett ? (['Boknett DDS'] as const) : []),
          ])
        : [];
    // The terminal only, never the log: the dev key is a credential.
    process.stdout.write(
      [
        '',
        ...(hlconnect || boknett ? ['  SANDBOX MODE: built-in simulators stand in for vendors without credentials.'] : []),
        ...(hlconnect ? [`  HL Connect → built-in simulator at ${hlconnect}`] : []),
        ...(boknett ? [`  Boknett DDS → built-in simulator at ${boknett}`] : []),
        ...(catalogue.length > 0 ? ['  Sandbox catalogue (what to send, and what it does; README "Sandbox catalogue"):', ...catalogue] : []),
        ...(devKey
          ? [
              `  Dev API key (every scope; no API_KEYS or JWT_* configured): ${devKey.reveal()}`,
              '    send it as `Authorization: Bearer <key>` or `X-Api-Key: <key>`; in sandbox mode the IDEs below have it pre-filled',
            ]
          : []),
        `  GraphQL and ${config.limits.ide === 'graphiql' ? 'GraphiQL' : 'Apollo Sandbox'}: ${gateway.url}/graphql`,
        ...(config.limits.landingPage ? [`  GraphiQL, served by the gateway (works offline): ${gateway.url}/graphiql`] : []),
        '',
        '',
      ].join('\n'),
    );
  }

  // The gateway owns SIGTERM/SIGINT (Apollo's own handlers are off, see server/apollo.ts):
  // one signal drains and exits 0, a second one exits at once.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: finishing requests in flight');
    // Connections still open at the timeout are cut; this is for whatever hangs after that.
    setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + SHUTDOWN_GRACE_MS).unref();
    gateway.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
