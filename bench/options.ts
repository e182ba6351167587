import { resolve } from 'node:path';

/** Upstream calls scenario 1 has in flight at once per request: a download and a view link for each of 20 lines. */
const SCENARIO_1_FAN_OUT = 40;

export interface BenchOptions {
  quick: boolean;
  latencyMs: number;
  connections: number;
  durationS: number;
  /** Measured runs per scenario, each of floor, reference and gateway in turn; the report gives medians. */
  runs: number;
  scenarios: number[];
  /** Connections of scenario 1's memory run (the RSS target is at 200). */
  rssConnections: number;
  /**
   * The gateway's UPSTREAM_CONNECTIONS, and the floor's pool size per origin. Default: enough
   * for scenario 1's fan-out (40 link calls at once) at --connections, at most 4096.
   */
  upstreamConnections: number;
  /** Folder the report files go to; quick runs default to an ignored one, to keep the committed full results. */
  out: string;
  /** Extra gateway environment (`--gateway-env NAME=value`, repeatable), e.g. to try a setting. */
  gatewayEnv: Record<string, string>;
  /** Folder for a CPU profile of the gateway (`--profile`), written when it stops. */
  profileDir?: string;
}

export const USAGE = `node dist/bench/run.js [--quick] [--latency-ms 20] [--connections 50] [--duration-s 10] [--runs 3]
  [--scenarios 1,2,3,4,5,6] [--rss-connections 200] [--upstream-connections 40×connections] [--out bench/results, quick: bench/results/quick]
  [--gateway-env NAME=value]… [--profile DIR]`;

/** Reads the command line; `root` is the repository (for the default --out). */
export function parseOptions(argv: string[], root: string): BenchOptions {
  const flags = new Map<string, string>();
  const gatewayEnv: Record<string, string> = {};
  let quick = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--quick') quick = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    else if (arg === '--gateway-env' && i + 1 < argv.length) {
      const [name, ...value] = (argv[(i += 1)] ?? '').split('=');
      if (!name || value.length === 0) throw new UsageError(`--gateway-env takes NAME=value\n${USAGE}`);
      gatewayEnv[name] = value.join('=');
    } else if (arg.startsWith('--') && i + 1 < argv.length) flags.set(arg, argv[(i += 1)] ?? '');
    else throw new UsageError(`unknown or incomplete argument ${arg}\n${USAGE}`);
  }
  const known = ['--latency-ms', '--connections', '--duration-s', '--runs', '--scenarios', '--rss-connections', '--upstream-connections', '--out', '--profile'];
  for (const name of flags.keys()) if (!known.includes(name)) throw new UsageError(`unknown flag ${name}\n${USAGE}`);

  const number = (name: string, fallback: number, min: number): number => {
    const raw = flags.get(name);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value < min) throw new UsageError(`${name} must be a number ≥ ${min}, got ${raw}`);
    return value;
  };
  const scenarios = (flags.get('--scenarios') ?? '1,2,3,4,5,6').split(',').map((s) => Number(s.trim()));
  if (scenarios.some((id) => !Number.isInteger(id) || id < 1 || id > 6)) throw new UsageError(`--scenarios takes ids from 1 to 6, e.g. 1,3`);

  const connections = Math.round(number('--connections', 50, 1));
  return {
    quick,
    latencyMs: number('--latency-ms', 20, 0),
    connections,
    durationS: number('--duration-s', quick ? 3 : 10, 0.1),
    runs: Math.round(number('--runs', quick ? 1 : 3, 1)),
    scenarios: [...new Set(scenarios)].sort((a, b) => a - b),
    rssConnections: Math.round(number('--rss-connections', 200, 1)),
    upstreamConnections: Math.round(number('--upstream-connections', Math.min(4096, SCENARIO_1_FAN_OUT * connections), 1)),
    out: resolve(flags.get('--out') ?? resolve(root, quick ? 'bench/results/quick' : 'bench/results')),
    gatewayEnv,
    ...(flags.has('--profile') ? { profileDir: resolve(flags.get('--profile') ?? '') } : {}),
  };
}

export class UsageError extends Error {}
