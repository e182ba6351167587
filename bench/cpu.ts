/**
 * `npm run bench:cpu`: CPU per request, rather than requests per second, of the floor, the
 * reference and one or more gateway builds, under the same load. On a shared machine the
 * throughput of a run follows whatever else runs; the CPU a process spends on a fixed number
 * of requests moves much less. Each round sends `--requests` requests at `--connections` to
 * every target in turn (floor, reference, then each gateway) and reads the process's utime +
 * stime before and after; the table gives medians over `--rounds`, and each gateway's
 * difference from the floor and from the first gateway round by round.
 *
 *   node dist/bench/cpu.js [--scenarios 1,3,6] [--rounds 5] [--requests 1000] [--connections 50]
 *     [--latency-ms 20] [--tracing on|off] [--parallel on|off] [--gateway ROOT]…
 *
 * Every gateway runs as `npm run bench` runs it, and with tracing on (`--tracing off` to
 * leave it out): spans exported over OTLP/HTTP to a sink here that drops them.
 * `--gateway ROOT` (repeatable) names a checkout whose `dist/` holds a built gateway (default:
 * this one), e.g. a copy of the previous commit's build, to compare two builds A/B. The
 * gateways are loaded side by side, at the same time (`--parallel off`: one after the other);
 * upstream calls per request are then their average. `--gateway ROOT@NODE` runs that build with
 * another Node binary (e.g. Node 20 against Node 24; ROOT's `node_modules` built for it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NodeChild } from './children';
import { benchApiKey, startGateway, type GatewayProcess } from './gateway';
import { runLoad } from './load';
import { cpuSeconds } from './process-stats';
import { requestBody, SCENARIOS, SEED_PLAN } from './scenarios';
import { seedHlConnect } from './seed';
import { Simulators } from './simulator-control';
import { startTraceSink } from './trace-sink';
import type { VendorConfig } from './vendor-http';

interface Target {
  name: string;
  pid: number;
  url: (route: string) => string;
}

function parseArgs(argv: string[]) {
  const flags = new Map<string, string[]>();
  for (let i = 0; i + 1 < argv.length; i += 2) {
    const name = argv[i] ?? '';
    if (!name.startsWith('--')) throw new Error(`unexpected ${name}`);
    flags.set(name, [...(flags.get(name) ?? []), argv[i + 1] ?? '']);
  }
  const one = (name: string, fallback: string) => flags.get(name)?.at(-1) ?? fallback;
  return {
    scenarios: one('--scenarios', '1,3,6').split(',').map(Number),
    rounds: Number(one('--rounds', '5')),
    requests: Number(one('--requests', '1000')),
    connections: Number(one('--connections', '50')),
    latencyMs: Number(one('--latency-ms', '20')),
    tracing: one('--tracing', 'on') === 'on',
    parallel: one('--parallel', 'on') === 'on',
    gateways: (flags.get('--gateway') ?? [resolve(__dirname, '../..')]).map((spec) => {
      const [root = '', nodeBinary] = spec.split('@');
      return { root: resolve(root), nodeBinary };
    }),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const progress = (message: string) => process.stderr.write(`bench:cpu: ${message}\n`);

async function startChild(name: string, script: string, config: VendorConfig, env?: NodeJS.ProcessEnv) {
  const child = new NodeChild(name, join(__dirname, script), [JSON.stringify(config)], env);
  const { url } = await child.nextJson<{ url: string }>();
  return { child, url };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { key, apiKeys } = benchApiKey();
  const headers = { authorization: `Bearer ${key}` };
  const upstreamConnections = Math.min(4096, 40 * args.connections);
  const stops: (() => Promise<void>)[] = [];
  const dataDirs: string[] = [];
  try {
    const sims = await Simulators.start({ latencyMs: args.latencyMs, processingMs: 50 });
    stops.push(() => sims.stop());
    await seedHlConnect(sims.info.hlconnect, SEED_PLAN);
    const config: VendorConfig = { hlconnect: sims.info.hlconnect, boknett: sims.info.boknett, connections: upstreamConnections };
    const floor = await startChild('floor', 'floor.js', config);
    stops.push(() => floor.child.stop());
    const reference = await startChild('reference', 'reference.js', config, { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' });
    stops.push(() => reference.child.stop());
    // Each gateway its own metrics port, chosen by the system: the machine may run others.
    const extraEnv: Record<string, string> = { METRICS_PORT: '0' };
    if (args.tracing) {
      const sink = await startTraceSink();
      stops.push(() => sink.close());
      extraEnv.OTEL_EXPORTER_OTLP_ENDPOINT = sink.url;
    }
    const gateways: GatewayProcess[] = [];
    for (const { root, nodeBinary } of args.gateways) {
      const dataDir = mkdtempSync(join(tmpdir(), 'gateway-bench-cpu-'));
      dataDirs.push(dataDir);
      const gateway = await startGateway({ root, sims: sims.info, dataDir, apiKeys, upstreamConnections, extraEnv, nodeBinary });
      stops.push(() => gateway.child.stop());
      gateways.push(gateway);
      progress(`gateway ${gateways.length} (${root}${nodeBinary ? ` on ${nodeBinary}` : ''}) ready in ${gateway.startupMs.toFixed(0)} ms`);
    }
    const targets: Target[] = [
      { name: 'floor', pid: floor.child.pid, url: (route) => `${floor.url}${route}` },
      { name: 'reference', pid: reference.child.pid, url: () => `${reference.url}/graphql` },
      ...gateways.map((g, i) => ({ name: gateways.length > 1 ? `gateway ${i + 1}` : 'gateway', pid: g.child.pid, url: () => `${g.url}/graphql` })),
    ];

    const rows: string[] = [];
    for (const scenario of SCENARIOS.filter((s) => args.scenarios.includes(s.id))) {
      if (scenario.uniquePerRequest) throw new Error(`scenario ${scenario.id} needs a fresh body per request: not measured here`);
      await sims.setInlineUrls(scenario.inlineUrls);
      const body = requestBody(scenario, 'fixed');
      const perRequest = targets.map(() => [] as number[]);
      const callsPerRequest = targets.map(() => [] as number[]);
      const load = (target: Target, amount: number) => runLoad({ url: target.url(scenario.floorRoute), connections: args.connections, amount, headers, body: () => body });
      for (const target of targets) await load(target, Math.max(args.connections * 4, args.requests / 5));
      for (let round = 1; round <= args.rounds; round += 1) {
        // Floor and reference alone; the gateways side by side under the same load at the same
        // time, so that whatever else the machine does weighs on each build alike.
        const groups = args.parallel ? [[0], [1], targets.slice(2).map((_, j) => j + 2)] : targets.map((_, i) => [i]);
        for (const group of groups) {
          // Connections the pools let go while other targets ran are opened again before measuring.
          await Promise.all(group.map((i) => load(targets[i]!, args.connections * 2)));
          await sims.resetCalls();
          const before = group.map((i) => cpuSeconds(targets[i]!.pid));
          const results = await Promise.all(group.map((i) => load(targets[i]!, args.requests)));
          const used = group.map((i, k) => cpuSeconds(targets[i]!.pid) - before[k]!);
          const calls = (await sims.calls()).total / (args.requests * group.length);
          for (const [k, i] of group.entries()) {
            const result = results[k]!;
            if (result.non2xx + result.transportErrors + result.graphqlErrors > 0) progress(`scenario ${scenario.id} ${targets[i]!.name}: failed answers in round ${round}`);
            perRequest[i]!.push((1000 * used[k]!) / args.requests);
            callsPerRequest[i]!.push(calls);
          }
        }
        progress(`scenario ${scenario.id} round ${round}: ${targets.map((t, i) => `${t.name} ${perRequest[i]!.at(-1)!.toFixed(2)}`).join(', ')} ms CPU/request`);
      }
      const over = (i: number, j: number) => median(perRequest[i]!.map((v, r) => v - perRequest[j]![r]!));
      rows.push(
        ...targets.map((t, i) => {
          const vsFirstGateway = i > 2 ? over(i, 2).toFixed(2) : '';
          return `| ${scenario.id} | ${t.name} | ${median(perRequest[i]!).toFixed(2)} | ${Math.min(...perRequest[i]!).toFixed(2)}–${Math.max(...perRequest[i]!).toFixed(2)} | ${i === 0 ? '' : over(i, 0).toFixed(2)} | ${vsFirstGateway} | ${median(callsPerRequest[i]!).toFixed(2)} |`;
        }),
      );
    }
    process.stdout.write(
      [
        `${args.rounds} rounds of ${args.requests} requests at ${args.connections} connections, simulator latency ${args.latencyMs} ms, gateway tracing ${args.tracing ? 'on (OTLP to a sink that drops spans)' : 'off'}`,
        '',
        '| # | target | CPU ms/request (median) | range | − floor (per round) | − gateway 1 (per round) | upstream calls/request |',
        '|---|---|---:|---:|---:|---:|---:|',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:cpu failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
