import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, arch, totalmem } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from './load';
import type { Machine, PassResult, RunReport, TargetRun } from './model';
import type { OtherLoad } from './process-stats';

/** This machine, for the report's header. */
export function describeMachine(loadAverageStart: number, others: { start: OtherLoad; end: OtherLoad }): Machine {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cpus: cores.length,
    totalMemoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    loadAverageStart,
    loadAverageEnd: loadavg()[0] ?? 0,
    otherProcessesStart: others.start,
    otherProcessesEnd: others.end,
  };
}

const n = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function others(load: OtherLoad): string {
  const busiest = load.busiest.map((p) => `${p.command} ${p.cpuPercent} %`).join(', ');
  return `${n(load.cpuPercent)} % of one core${busiest ? ` (${busiest})` : ''}`;
}

function label(p: PassResult): string {
  if (p.purpose === 'one-connection') return `${p.scenarioId} (1 conn)`;
  if (p.purpose === 'memory') return `${p.scenarioId} (memory)`;
  return String(p.scenarioId);
}

function errors(load: LoadResult): string {
  const parts = [
    load.non2xx ? `${load.non2xx} non-2xx` : '',
    load.transportErrors ? `${load.transportErrors} socket` : '',
    load.graphqlErrors ? `${load.graphqlErrors} GraphQL` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : '0';
}

function memory(run: TargetRun): string {
  return `${n(run.process.peakRssMb)}${run.process.peakIsWindow ? '' : '*'}`;
}

/** The report as Markdown: settings, the two tables, the targets and any warnings. */
export function toMarkdown(report: RunReport): string {
  const { machine: m, settings: s } = report;
  const lines = [
    `# Gateway vs floor, ${report.date}${s.quick ? ' (quick mode: timings not meaningful)' : ''}`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cpus} CPUs, ${m.totalMemoryGiB} GiB, ${m.os}, Node ${m.node}; 1-minute load average ${n(m.loadAverageStart, 2)} at start, ${n(m.loadAverageEnd, 2)} at end.`,
    `- Other processes on the machine: ${others(m.otherProcessesStart)} before the run, ${others(m.otherProcessesEnd)} at its end.`,
    `- Run: simulator latency ${s.latencyMs} ms, ${s.connections} connections, ${s.durationS} s per measured run after a warm-up; ` +
      `UPSTREAM_CONNECTIONS ${s.upstreamConnections} (the floor's pools alike); gateway NODE_OPTIONS ${s.gatewayNodeOptions || 'none'} (the Dockerfile's)` +
      `${Object.keys(s.gatewayEnv).length ? `; gateway also given ${Object.entries(s.gatewayEnv).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}; ` +
      `gateway start-up to ready ${n(report.gatewayStartupMs)} ms.`,
    `- Gateway built from ${report.source.revision}` +
      `${report.source.uncommittedSrcFiles ? ` plus ${report.source.uncommittedSrcFiles} uncommitted files under src/ (work in progress)` : ''}.`,
    '',
    '## Throughput and latency',
    '',
    '| # | scenario | conns | floor req/s | gateway req/s | gateway ÷ floor | floor p50 ms | gateway p50 ms | Δ p50 ms | floor p99 ms | gateway p99 ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.passes.map(
      (p) =>
        `| ${label(p)} | ${p.scenario} | ${p.connections} | ${n(p.floor.load.requestsPerSecond)} | ${n(p.gateway.load.requestsPerSecond)} | ` +
        `${n(p.throughputRatio, 2)} | ${n(p.floor.load.p50Ms, 1)} | ${n(p.gateway.load.p50Ms, 1)} | ${p.p50DeltaMs >= 0 ? '+' : ''}${n(p.p50DeltaMs, 1)} | ` +
        `${n(p.floor.load.p99Ms, 1)} | ${n(p.gateway.load.p99Ms, 1)} |`,
    ),
    '',
    '## Upstream calls, errors, resources',
    '',
    '| # | calls/req expected | floor | gateway | errors floor | errors gateway | peak RSS MB floor | gateway | CPU % floor | gateway | simulators CPU % (floor / gateway run) | load generator CPU % |',
    '|---|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|',
    ...report.passes.map(
      (p) =>
        `| ${label(p)} | ${p.expectedUpstreamCalls} | ${n(p.floor.callsPerRequest, 2)} | ${n(p.gateway.callsPerRequest, 2)} | ${errors(p.floor.load)} | ${errors(p.gateway.load)} | ` +
        `${memory(p.floor)} | ${memory(p.gateway)} | ${n(p.floor.process.cpuPercent)} | ${n(p.gateway.process.cpuPercent)} | ` +
        `${n(p.floor.simulatorsCpuPercent)} / ${n(p.gateway.simulatorsCpuPercent)} | ${n(p.gateway.loadGeneratorCpuPercent)} |`,
    ),
    '',
    'CPU is % of one core (the machine has ' + `${m.cpus}).` +
      (report.passes.some((p) => !p.floor.process.peakIsWindow || !p.gateway.process.peakIsWindow) ? ' *: peak over the process’s whole life (the kernel refused a reset).' : ''),
    '',
    '## Targets',
    '',
    '| target | holds | measured |',
    '|---|---|---|',
    ...report.targets.map((t) => `| ${t.target} | ${t.holds === null ? '–' : t.holds ? 'yes' : '**no**'} | ${t.detail} |`),
    '',
    '## Same answers',
    '',
    ...report.sameAnswers.map((a) =>
      a.same
        ? `- ${a.scenarioId}: same JSON (${a.gatewayBytes} bytes from the gateway, ${a.floorBytes} from the floor).`
        : `- ${a.scenarioId}: **different**: ${a.difference}`,
    ),
    ...(report.warnings.length ? ['', '## Warnings', '', ...report.warnings.map((w) => `- ${w}`)] : []),
    '',
  ];
  return lines.join('\n');
}

/** Writes `latest.md` and `latest.json` into `folder`; returns the Markdown. */
export function writeReport(report: RunReport, folder: string): { markdown: string; files: string[] } {
  mkdirSync(folder, { recursive: true });
  const markdown = toMarkdown(report);
  const files = [join(folder, 'latest.md'), join(folder, 'latest.json')];
  writeFileSync(files[0]!, markdown);
  writeFileSync(files[1]!, `${JSON.stringify(report, null, 2)}\n`);
  return { markdown, files };
}
