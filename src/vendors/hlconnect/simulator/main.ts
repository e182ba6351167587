import { createHlConnectSimulator } from './hlconnect-simulator';

/** Runs the HL Connect simulator on its own: `PORT` (default 4010) on 127.0.0.1. */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);

  const simulator = createHlConnectSimulator();
  const url = await simulator.listen(port, '127.0.0.1');
  console.log(`hlconnect-simulator listening on ${url}`);
  console.log(`accepts Authorization: Bearer ${simulator.accessToken}`);

  const stop = (): void => {
    void simulator.close().then(() => console.log('hlconnect-simulator closed'));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
