import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TARGET_NAMES, type RunReport } from '../../bench/model';

const root = resolve(__dirname, '../..');
const runner = join(root, 'dist/bench/run.js');

/**
 * The benchmark harness works end to end in quick mode: simulators, floor, reference and
 * gateway start, answer alike, get measured and reported. Timings are not asserted, only what is
 * exact: the upstream calls a request makes.
 */
describe('benchmark harness, quick mode', () => {
  let out: string;
  let report: RunReport;
  let markdown: string;

  beforeAll(async () => {
    if (!existsSync(runner)) throw new Error(`${runner} is missing: run \`npm run build\` first`);
    out = mkdtempSync(join(tmpdir(), 'bench-quick-'));
    // --rss-connections equal to --connections: no separate memory run, to keep this short.
    // METRICS_PORT=0: the gateway's metrics listener must not need 9464 free on this machine.
    const args = [runner, '--quick', '--duration-s', '0.5', '--connections', '4', '--rss-connections', '4', '--out', out, '--gateway-env', 'METRICS_PORT=0'];
    await new Promise<void>((done, fail) => {
      execFile(process.execPath, args, { cwd: root, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) =>
        error ? fail(new Error(`${error.message}\n${stderr}`)) : done(),
      );
    });
    report = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as RunReport;
    markdown = readFileSync(join(out, 'latest.md'), 'utf8');
  }, 150_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('measures all six scenarios against gateway, reference and floor', () => {
    const measured = report.passes.filter((p) => p.purpose === 'throughput').map((p) => p.scenarioId);
    expect(measured).toEqual([1, 2, 3, 4, 5, 6]);
    expect(report.passes.some((p) => p.purpose === 'one-connection' && p.connections === 1)).toBe(true);
    for (const pass of report.passes) {
      for (const target of TARGET_NAMES) {
        expect(pass.targets[target].runs).toHaveLength(1);
        for (const run of pass.targets[target].runs) {
          expect(run.load.ok).toBeGreaterThan(0);
          expect(run.load.non2xx + run.load.transportErrors + run.load.graphqlErrors).toBe(0);
        }
      }
    }
    expect(report.gatewayStartupMs).toBeGreaterThan(0);
    // The gateway runs with the container's node flags.
    expect(report.settings.gatewayNodeOptions).toBe(readFileSync(join(root, 'Dockerfile'), 'utf8').match(/^ENV NODE_OPTIONS=(.+)$/m)?.[1]);
    expect(report.settings.gatewayNodeOptions).toContain('--max-semi-space-size');
  });

  it('finds the gateway, the reference and the floor answering the same JSON', () => {
    expect(report.sameAnswers.filter((a) => !a.same)).toEqual([]);
    expect(report.sameAnswers.map((a) => a.scenarioId)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('counts the exact upstream calls per request of scenarios 1 to 3', () => {
    const perRequest = Object.fromEntries(
      report.passes.filter((p) => p.purpose === 'throughput' && p.scenarioId <= 3).map((p) => [p.scenarioId, TARGET_NAMES.map((t) => p.targets[t].callsPerRequest.median)]),
    );
    expect(perRequest).toEqual({ 1: [41, 41, 41], 2: [1, 1, 1], 3: [25, 25, 25] });
  });

  it('writes the Markdown report with the machine, the table and the targets', () => {
    expect(markdown).toContain(`${report.machine.cpus} CPUs`);
    expect(markdown).toContain('| # | scenario | conns | req/s floor | reference | gateway | ÷ floor | ÷ ref |');
    for (const id of [1, 2, 3, 4, 5, 6]) expect(markdown).toMatch(new RegExp(`^\\| ${id} \\|`, 'm'));
    expect(markdown).toContain('## Targets');
  });
});
