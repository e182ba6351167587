/**
 * Runs the Boknett DDS simulator on its own: `PORT` (default 4020) on 127.0.0.1.
 * Login, OAuth token and API all live on the printed origin.
 */
import { createBoknettSimulator } from './boknett-simulator';
import { BOKNETT_SIMULATOR_PRODUCTS } from './catalogue';

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : 4020;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);

  const simulator = createBoknettSimulator();
  const url = await simulator.listen(port, '127.0.0.1');
  const { username, password, clientId, clientSecret, audience } = simulator.credentials;
  process.stdout.write(
    [
      `boknett-simulator listening on ${url}`,
      `  legacy login  POST ${url}/v1/tickets   username=${username} password=${password}`,
      `  oauth token   POST ${url}/oauth/token  client_id=${clientId} client_secret=${clientSecret} audience=${audience}`,
      `  products      ${Object.entries(BOKNETT_SIMULATOR_PRODUCTS)
        .map(([name, resid]) => `${name}=${resid}`)
        .join(' ')}`,
      `  control       ${url}/_simulator/calls, /_simulator/faults, /_simulator/latency`,
      '',
    ].join('\n'),
  );

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    process.stdout.write(`boknett-simulator: ${signal}, closing\n`);
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`boknett-simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
