/**
 * `npm run bench`: the gateway against its floor, scenario by scenario, same load, same run.
 * Starts the simulators, seeds them, starts the floor and the gateway (production mode,
 * compiled, API keys on, SQLite ledger), checks both answer the same, measures each with
 * autocannon one after the other, and writes bench/results/latest.{md,json}.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NodeChild } from './children';
import type { FloorConfig } from './floor';
import { benchApiKey, startGateway } from './gateway';
import { runLoad } from './load';
import type { PassPurpose, PassResult, RunReport, TargetRun } from './model';
import { parseOptions, UsageError, type BenchOptions } from './options';
import { otherLoad, ProcessMeter } from './process-stats';
import { describeMachine, writeReport } from './report';
import { requestBody, SCENARIOS, SEED_PLAN, type Scenario } from './scenarios';
import { seedHlConnect } from './seed';
import { Simulators } from './simulator-control';
import { checkTargets } from './targets';
import { compareAnswers } from './verify';

/** How long the simulator keeps a seeded HL order PROCESSING, ms. */
const SEED_PROCESSING_MS = 50;

const WARM_UP_S = 2;

/** Counters unchanged this long mean no request is still making upstream calls. */
const quietMs = (options: BenchOptions) => Math.max(150, 4 * options.latencyMs);

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

interface Pass {
  scenario: Scenario;
  purpose: PassPurpose;
  connections: number;
}

interface Context {
  options: BenchOptions;
  sims: Simulators;
  headers: Record<string, string>;
  unique: () => string;
}

/** Every selected scenario at --connections; scenario 1 also at one connection and at --rss-connections. */
function planPasses(scenarios: Scenario[], options: BenchOptions): Pass[] {
  const passes: Pass[] = scenarios.map((scenario) => ({ scenario, purpose: 'throughput', connections: options.connections }));
  const first = scenarios.find((s) => s.id === 1);
  if (first && options.connections !== 1) passes.push({ scenario: first, purpose: 'one-connection', connections: 1 });
  if (first && options.connections !== options.rssConnections) passes.push({ scenario: first, purpose: 'memory', connections: options.rssConnections });
  return passes;
}

async function measureTarget(ctx: Context, pass: Pass, url: string, pid: number): Promise<TargetRun> {
  const { scenario, connections } = pass;
  const fixed = requestBody(scenario, 'fixed');
  const body = scenario.uniquePerRequest ? () => requestBody(scenario, ctx.unique()) : () => fixed;
  const load = { url, connections, headers: ctx.headers, body };

  // Warm-up (JIT, pools, caches): two requests a connection in quick mode, else two seconds.
  const warmUp = ctx.options.quick ? await runLoad({ ...load, amount: connections * 2 }) : await runLoad({ ...load, durationS: WARM_UP_S });
  await ctx.sims.settledCalls({ quietMs: quietMs(ctx.options), atLeastMs: 1.5 * (warmUp.p99Ms || 0) });
  await ctx.sims.resetCalls();

  const target = new ProcessMeter(pid);
  const simulators = new ProcessMeter(ctx.sims.pid);
  const self = new ProcessMeter(process.pid);
  for (const meter of [target, simulators, self]) meter.start();
  const result = await runLoad({ ...load, durationS: ctx.options.durationS });
  const [targetUsage, simulatorsUsage, selfUsage] = [target.stop(), simulators.stop(), self.stop()];
  // Requests cut off at the end finish within about the slowest latency seen.
  const calls = await ctx.sims.settledCalls({ quietMs: quietMs(ctx.options), atLeastMs: 1.5 * (result.p99Ms || 0) });

  return {
    load: result,
    upstreamCalls: calls.total,
    callsPerRequest: result.sent > 0 ? calls.total / result.sent : Number.NaN,
    callsByRoute: calls.byRoute,
    process: targetUsage,
    simulatorsCpuPercent: simulatorsUsage.cpuPercent,
    loadGeneratorCpuPercent: selfUsage.cpuPercent,
  };
}

/** HEAD and the number of files under src/ that differ from it: what the gateway was built from. */
function sourceOf(root: string): RunReport['source'] {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const revision = git('rev-parse', '--short', 'HEAD').trim();
    const changed = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
    return { revision, uncommittedSrcFiles: changed };
  } catch {
    return { revision: 'unknown', uncommittedSrcFiles: 0 };
  }
}

async function main(): Promise<void> {
  const root = resolve(__dirname, '../..');
  const options = parseOptions(process.argv.slice(2), root);
  const loadAverageStart = loadavg()[0] ?? 0;
  const scenarios = SCENARIOS.filter((s) => options.scenarios.includes(s.id));
  const { key, apiKeys } = benchApiKey();
  const headers = { authorization: `Bearer ${key}` };
  const runId = randomBytes(4).toString('hex');
  let serial = 0;
  const unique = () => `${runId}-${(serial += 1)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
  const stops: (() => Promise<void>)[] = [];
  const warnings: string[] = [];

  const sampleMs = options.quick ? 300 : 2_000;
  progress('sampling what else runs on the machine');
  const othersStart = await otherLoad([process.pid], sampleMs);

  try {
    progress(`simulators with ${options.latencyMs} ms latency`);
    const sims = await Simulators.start({ latencyMs: options.latencyMs, processingMs: SEED_PROCESSING_MS });
    stops.push(() => sims.stop());
    if (scenarios.some((s) => s.id <= 3)) {
      progress(`seeding ${SEED_PLAN.orders.length} HL orders`);
      await seedHlConnect(sims.info.hlconnect, SEED_PLAN);
    }

    const floorConfig: FloorConfig = {
      hlconnect: sims.info.hlconnect,
      boknett: sims.info.boknett,
      connections: options.upstreamConnections,
    };
    const floorChild = new NodeChild('floor', join(__dirname, 'floor.js'), [JSON.stringify(floorConfig)]);
    stops.push(() => floorChild.stop());
    const floor = await floorChild.nextJson<{ url: string }>();

    progress('gateway (production, compiled, API keys, SQLite ledger)');
    const gateway = await startGateway({ root, sims: sims.info, dataDir, apiKeys, upstreamConnections: options.upstreamConnections, extraEnv: options.gatewayEnv, profileDir: options.profileDir });
    stops.push(() => gateway.child.stop());
    progress(`gateway ready in ${gateway.startupMs.toFixed(0)} ms`);

    const sameAnswers: RunReport['sameAnswers'] = [];
    for (const scenario of scenarios) {
      await sims.setInlineUrls(scenario.inlineUrls);
      const comparison = await compareAnswers(scenario, { floor: floor.url, gateway: `${gateway.url}` }, headers, unique);
      sameAnswers.push({ scenarioId: scenario.id, ...comparison });
      if (!comparison.same) {
        const warning = `scenario ${scenario.id}: gateway and floor answer differently: ${comparison.difference}`;
        warnings.push(warning);
        progress(`WARNING ${warning}`);
      }
    }

    const ctx: Context = { options, sims, headers, unique };
    const passes: PassResult[] = [];
    for (const pass of planPasses(scenarios, options)) {
      progress(`scenario ${pass.scenario.id} (${pass.scenario.name}), ${pass.connections} connections, ${pass.purpose}`);
      await sims.setInlineUrls(pass.scenario.inlineUrls);
      const floorRun = await measureTarget(ctx, pass, `${floor.url}${pass.scenario.floorRoute}`, floorChild.pid);
      const gatewayRun = await measureTarget(ctx, pass, `${gateway.url}/graphql`, gateway.child.pid);
      passes.push({
        scenarioId: pass.scenario.id,
        scenario: pass.scenario.name,
        purpose: pass.purpose,
        connections: pass.connections,
        expectedUpstreamCalls: pass.scenario.expectedUpstreamCalls,
        criticalPathMs: pass.scenario.roundTrips * options.latencyMs,
        floor: floorRun,
        gateway: gatewayRun,
        throughputRatio: gatewayRun.load.requestsPerSecond / floorRun.load.requestsPerSecond,
        p50DeltaMs: gatewayRun.load.p50Ms - floorRun.load.p50Ms,
      });
      for (const [name, run] of [['floor', floorRun], ['gateway', gatewayRun]] as const) {
        const { non2xx, transportErrors, graphqlErrors } = run.load;
        if (non2xx + transportErrors + graphqlErrors > 0) {
          warnings.push(`scenario ${pass.scenario.id} at ${pass.connections} connections: ${name} had ${non2xx} non-2xx, ${transportErrors} socket errors, ${graphqlErrors} GraphQL errors`);
        }
      }
    }

    const othersEnd = await otherLoad([process.pid, sims.pid, floorChild.pid, gateway.child.pid], sampleMs);
    const report: RunReport = {
      date: new Date().toISOString(),
      machine: describeMachine(loadAverageStart, { start: othersStart, end: othersEnd }),
      settings: {
        quick: options.quick,
        latencyMs: options.latencyMs,
        connections: options.connections,
        durationS: options.durationS,
        rssConnections: options.rssConnections,
        upstreamConnections: options.upstreamConnections,
        scenarios: options.scenarios,
        gatewayEnv: options.gatewayEnv,
        gatewayNodeOptions: gateway.nodeOptions,
      },
      source: sourceOf(root),
      gatewayStartupMs: gateway.startupMs,
      sameAnswers,
      passes,
      targets: checkTargets(passes, gateway.startupMs, options),
      warnings,
    };
    const { markdown, files } = writeReport(report, options.out);
    process.stdout.write(`${markdown}\n`);
    progress(`wrote ${files.join(', ')}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof UsageError ? '' : 'bench failed: '}${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
