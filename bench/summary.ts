import type { GatewayRatios, Spread, TargetRun, TargetSummary } from './model';

/** Median (the mean of the middle two for an even count), minimum and maximum. */
export function spread(values: number[]): Spread {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** One target's runs of one pass, summed up: medians and spreads, failures added up. */
export function summarise(runs: TargetRun[]): TargetSummary {
  const of = (pick: (run: TargetRun) => number) => spread(runs.map(pick));
  const total = (pick: (run: TargetRun) => number) => runs.reduce((sum, run) => sum + pick(run), 0);
  return {
    requestsPerSecond: of((r) => r.load.requestsPerSecond),
    p50Ms: of((r) => r.load.p50Ms),
    p99Ms: of((r) => r.load.p99Ms),
    callsPerRequest: of((r) => r.callsPerRequest),
    peakRssMb: of((r) => r.process.peakRssMb),
    cpuPercent: of((r) => r.process.cpuPercent),
    simulatorsCpuPercent: of((r) => r.simulatorsCpuPercent),
    loadGeneratorCpuPercent: of((r) => r.loadGeneratorCpuPercent),
    failures: {
      non2xx: total((r) => r.load.non2xx),
      transportErrors: total((r) => r.load.transportErrors),
      graphqlErrors: total((r) => r.load.graphqlErrors),
    },
    peakIsWindow: runs.every((r) => r.process.peakIsWindow),
    runs,
  };
}

/** The gateway's median ÷ the floor's and the reference's. */
export function gatewayRatios(pick: (s: TargetSummary) => Spread, targets: Record<'floor' | 'reference' | 'gateway', TargetSummary>): GatewayRatios {
  const gateway = pick(targets.gateway).median;
  return { floor: gateway / pick(targets.floor).median, reference: gateway / pick(targets.reference).median };
}

/** Failed answers of a target over all runs. */
export const failedAnswers = (s: TargetSummary) => s.failures.non2xx + s.failures.transportErrors + s.failures.graphqlErrors;
