/**
 * Measuring one pass: a scenario at a concurrency, `--runs` times, and in every run the floor,
 * the reference and the gateway one after the other, so that drift of the machine hits all
 * three alike. The report takes each target's medians.
 */
import { runLoad } from './load';
import { TARGET_NAMES, type PassPurpose, type PassResult, type TargetName, type TargetRun } from './model';
import type { BenchOptions } from './options';
import { ProcessMeter } from './process-stats';
import { requestBody, type Scenario } from './scenarios';
import type { Simulators } from './simulator-control';
import { gatewayRatios, summarise } from './summary';

const WARM_UP_S = 2;

export interface Pass {
  scenario: Scenario;
  purpose: PassPurpose;
  connections: number;
}

export interface MeasureContext {
  options: BenchOptions;
  sims: Simulators;
  headers: Record<string, string>;
  unique: () => string;
}

/** Where a target listens and which process it is. */
export interface TargetEndpoint {
  /** The request URL for a scenario (the floor has a route per scenario). */
  url: (scenario: Scenario) => string;
  pid: number;
}

/** Counters unchanged this long mean no request is still making upstream calls. */
const quietMs = (options: BenchOptions) => Math.max(150, 4 * options.latencyMs);

/** Every selected scenario at --connections; scenario 1 also at one connection and at --rss-connections. */
export function planPasses(scenarios: Scenario[], options: BenchOptions): Pass[] {
  const passes: Pass[] = scenarios.map((scenario) => ({ scenario, purpose: 'throughput', connections: options.connections }));
  const first = scenarios.find((s) => s.id === 1);
  if (first && options.connections !== 1) passes.push({ scenario: first, purpose: 'one-connection', connections: 1 });
  if (first && options.connections !== options.rssConnections) passes.push({ scenario: first, purpose: 'memory', connections: options.rssConnections });
  return passes;
}

/** `--runs` rounds of floor, reference, gateway; their medians and spreads. */
export async function measurePass(ctx: MeasureContext, pass: Pass, endpoints: Record<TargetName, TargetEndpoint>, progress: (m: string) => void): Promise<PassResult> {
  const runs: Record<TargetName, TargetRun[]> = { floor: [], reference: [], gateway: [] };
  for (let round = 1; round <= ctx.options.runs; round += 1) {
    for (const target of TARGET_NAMES) {
      if (ctx.options.runs > 1) progress(`  run ${round} of ${ctx.options.runs}: ${target}`);
      const endpoint = endpoints[target];
      runs[target].push(await measureTarget(ctx, pass, endpoint.url(pass.scenario), endpoint.pid));
    }
  }
  const targets = { floor: summarise(runs.floor), reference: summarise(runs.reference), gateway: summarise(runs.gateway) };
  return {
    scenarioId: pass.scenario.id,
    scenario: pass.scenario.name,
    purpose: pass.purpose,
    connections: pass.connections,
    expectedUpstreamCalls: pass.scenario.expectedUpstreamCalls,
    criticalPathMs: pass.scenario.roundTrips * ctx.options.latencyMs,
    runs: ctx.options.runs,
    targets,
    ratios: {
      requestsPerSecond: gatewayRatios((s) => s.requestsPerSecond, targets),
      p50Ms: gatewayRatios((s) => s.p50Ms, targets),
      p99Ms: gatewayRatios((s) => s.p99Ms, targets),
    },
  };
}

/** Warm-up, counters reset, one measured run, counters read once they settle. */
async function measureTarget(ctx: MeasureContext, pass: Pass, url: string, pid: number): Promise<TargetRun> {
  const { scenario, connections } = pass;
  const fixed = requestBody(scenario, 'fixed');
  const body = scenario.uniquePerRequest ? () => requestBody(scenario, ctx.unique()) : () => fixed;
  const load = { url, connections, headers: ctx.headers, body };

  // Warm-up (JIT, pools, caches) before every run, since the target sat idle while the others ran:
  // two requests a connection in quick mode, else two seconds.
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
