/**
 * Child process: both vendor simulators on ephemeral ports with a fixed latency.
 * Prints one JSON line (`SimulatorsInfo`) on stdout once both listen, then takes JSON
 * commands on stdin, one a line, and answers each with one JSON line:
 *   {"inlineUrls": false}   HL's /purchase/info stops (or starts) inlining links
 * Run: `node dist/bench/simulators.js --latency-ms 20 --processing-ms 50`.
 */
import { createInterface } from 'node:readline';
import { createBoknettSimulator } from '../src/vendors/boknett/simulator';
import { createHlConnectSimulator } from '../src/vendors/hlconnect/simulator';

export interface SimulatorsInfo {
  pid: number;
  hlconnect: { url: string; token: string };
  boknett: { url: string; username: string; password: string; clientId: string; clientSecret: string; audience: string };
}

export interface SimulatorsCommand {
  inlineUrls?: boolean;
}

function numberFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return value;
}

async function main(): Promise<void> {
  const latencyMs = numberFlag('--latency-ms', 20);
  const processingDelayMs = numberFlag('--processing-ms', 50);
  const hl = createHlConnectSimulator({ latencyMs, processingDelayMs });
  const boknett = createBoknettSimulator({ latencyMs, downloadProcessingMs: 0 });
  const [hlUrl, boknettUrl] = await Promise.all([hl.listen(0, '127.0.0.1'), boknett.listen(0, '127.0.0.1')]);
  const info: SimulatorsInfo = {
    pid: process.pid,
    hlconnect: { url: hlUrl, token: hl.accessToken },
    boknett: { url: boknettUrl, ...boknett.credentials },
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);

  createInterface({ input: process.stdin }).on('line', (line) => {
    let answer: unknown;
    try {
      const command = JSON.parse(line) as SimulatorsCommand;
      if (typeof command.inlineUrls === 'boolean') hl.setInlineUrls(command.inlineUrls);
      answer = { ok: true };
    } catch (error) {
      answer = { ok: false, error: String(error) };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  });

  const stop = (): void => {
    void Promise.all([hl.close(), boknett.close()]).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The orchestrator closing our stdin (or dying) ends us too.
  process.stdin.once('end', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench simulators failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
