/** The Markdown tables of a report: medians, ratios, run-to-run spread, calls and resources. */
import { TARGET_NAMES, type GatewayRatios, type PassResult, type Spread, type TargetSummary } from './model';

export const n = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function label(p: PassResult): string {
  if (p.purpose === 'one-connection') return `${p.scenarioId} (1 conn)`;
  if (p.purpose === 'memory') return `${p.scenarioId} (memory)`;
  return String(p.scenarioId);
}

const medians = (p: PassResult, pick: (s: TargetSummary) => Spread, digits: number) => TARGET_NAMES.map((t) => n(pick(p.targets[t]).median, digits));
const ratios = (r: GatewayRatios) => [n(r.floor, 2), n(r.reference, 2)];
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

/** Medians of req/s, p50 and p99, each with gateway ÷ floor and gateway ÷ reference. */
export function throughputTable(passes: PassResult[]): string[] {
  return [
    '| # | scenario | conns | req/s floor | reference | gateway | ÷ floor | ÷ ref | p50 ms floor | reference | gateway | ÷ floor | ÷ ref | p99 ms floor | reference | gateway | ÷ floor | ÷ ref |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...passes.map((p) =>
      row([
        label(p),
        p.scenario,
        String(p.connections),
        ...medians(p, (s) => s.requestsPerSecond, 0),
        ...ratios(p.ratios.requestsPerSecond),
        ...medians(p, (s) => s.p50Ms, 1),
        ...ratios(p.ratios.p50Ms),
        ...medians(p, (s) => s.p99Ms, 1),
        ...ratios(p.ratios.p99Ms),
      ]),
    ),
  ];
}

/** Each median's lowest and highest run, for throughput and p50. */
export function spreadTable(passes: PassResult[]): string[] {
  const range = (s: Spread, digits: number) => `${n(s.min, digits)}–${n(s.max, digits)}`;
  return [
    '| # | req/s floor | reference | gateway | p50 ms floor | reference | gateway |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...passes.map((p) => row([label(p), ...TARGET_NAMES.map((t) => range(p.targets[t].requestsPerSecond, 0)), ...TARGET_NAMES.map((t) => range(p.targets[t].p50Ms, 1))])),
  ];
}

function errors(s: TargetSummary): string {
  const { non2xx, transportErrors, graphqlErrors } = s.failures;
  const parts = [non2xx ? `${non2xx} non-2xx` : '', transportErrors ? `${transportErrors} socket` : '', graphqlErrors ? `${graphqlErrors} GraphQL` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : '0';
}

/** Upstream calls, failed answers, peak RSS and CPU of each target (medians), and of the simulators and load generator. */
export function resourcesTable(passes: PassResult[]): string[] {
  const each = (p: PassResult, cell: (s: TargetSummary) => string) => TARGET_NAMES.map((t) => cell(p.targets[t]));
  return [
    '| # | calls/req expected | floor | reference | gateway | errors floor | reference | gateway | peak RSS MB floor | reference | gateway | CPU % floor | reference | gateway | simulators CPU % (floor / ref / gateway) | load generator CPU % |',
    '|---|---:|---:|---:|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...passes.map((p) =>
      row([
        label(p),
        String(p.expectedUpstreamCalls),
        ...each(p, (s) => n(s.callsPerRequest.median, 2)),
        ...each(p, errors),
        ...each(p, (s) => `${n(s.peakRssMb.median)}${s.peakIsWindow ? '' : '*'}`),
        ...each(p, (s) => n(s.cpuPercent.median)),
        each(p, (s) => n(s.simulatorsCpuPercent.median)).join(' / '),
        n(p.targets.gateway.loadGeneratorCpuPercent.median),
      ]),
    ),
  ];
}
