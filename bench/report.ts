import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, arch, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Machine, RunReport } from './model';
import type { OtherLoad } from './process-stats';
import { n, resourcesTable, spreadTable, throughputTable } from './report-tables';

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

function others(load: OtherLoad): string {
  const busiest = load.busiest.map((p) => `${p.command} ${p.cpuPercent} %`).join(', ');
  return `${n(load.cpuPercent)} % of one core${busiest ? ` (${busiest})` : ''}`;
}

function answers(report: RunReport): string[] {
  return report.sameAnswers.map((a) => {
    const bytes = `${a.bytes.gateway} bytes from the gateway, ${a.bytes.reference} from the reference, ${a.bytes.floor} from the floor`;
    if (a.same) return `- ${a.scenarioId}: same JSON from all three (${bytes}).`;
    return `- ${a.scenarioId}: **different** (${bytes}): ${a.differences.map((d) => `${d.target}: ${d.difference}`).join('; ')}`;
  });
}

/** The report as Markdown: settings, the tables, the targets and any warnings. */
export function toMarkdown(report: RunReport): string {
  const { machine: m, settings: s } = report;
  const runs = s.runs > 1 ? `median of ${s.runs} runs, floor, reference and gateway in turn in each` : 'one run each';
  const lines = [
    `# Gateway vs floor and reference, ${report.date}${s.quick ? ' (quick mode: timings not meaningful)' : ''}`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cpus} CPUs, ${m.totalMemoryGiB} GiB, ${m.os}, Node ${m.node}; 1-minute load average ${n(m.loadAverageStart, 2)} at start, ${n(m.loadAverageEnd, 2)} at end.`,
    `- Other processes on the machine: ${others(m.otherProcessesStart)} before the run, ${others(m.otherProcessesEnd)} at its end.`,
    `- Run: simulator latency ${s.latencyMs} ms, ${s.connections} connections, ${s.durationS} s per measured run after a warm-up, ${runs}; ` +
      `UPSTREAM_CONNECTIONS ${s.upstreamConnections} (the floor's and the reference's pools alike); gateway NODE_OPTIONS ${s.gatewayNodeOptions || 'none'} (the Dockerfile's)` +
      `${
        Object.keys(s.gatewayEnv).length
          ? `; gateway also given ${Object.entries(s.gatewayEnv)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`
          : ''
      }; ` +
      `start-up to ready: gateway ${n(report.gatewayStartupMs)} ms, reference ${n(report.referenceStartupMs)} ms.`,
    `- Gateway built from ${report.source.revision}` +
      `${report.source.uncommittedSrcFiles ? ` plus ${report.source.uncommittedSrcFiles} uncommitted files under src/ (work in progress)` : ''}.`,
    '- Reference: Apollo Server 5 standalone, hand-written SDL, undici, per-request DataLoaders; no auth, limits, resilience, metrics or ledger (scenario 5 calls DDS directly).',
    '',
    `## Throughput and latency (${s.runs > 1 ? `medians of ${s.runs} runs` : 'one run'}; ÷: gateway ÷ floor, gateway ÷ reference)`,
    '',
    ...throughputTable(report.passes),
    ...(s.runs > 1 ? ['', `## Run-to-run spread (lowest–highest of ${s.runs} runs)`, '', ...spreadTable(report.passes)] : []),
    '',
    '## Upstream calls, errors, resources',
    '',
    ...resourcesTable(report.passes),
    '',
    'CPU is % of one core (the machine has ' +
      `${m.cpus}).` +
      (report.passes.some((p) => Object.values(p.targets).some((t) => !t.peakIsWindow)) ? ' *: peak over the process’s whole life (the kernel refused a reset).' : ''),
    '',
    '## Targets',
    '',
    '| target | holds | measured |',
    '|---|---|---|',
    ...report.targets.map((t) => `| ${t.target} | ${t.holds === null ? '–' : t.holds ? 'yes' : '**no**'} | ${t.detail} |`),
    '',
    '## Same answers',
    '',
    ...answers(report),
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
