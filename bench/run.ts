/**
 * `npm run bench`: the gateway against its floor and a plain Apollo reference, scenario by
 * scenario, same load, same run. Starts the simulators, seeds them, starts the floor, the
 * reference and the gateway (production mode, compiled, API keys on, SQLite ledger), checks
 * all three answer the same, measures them in turn with autocannon, `--runs` times, and writes
 * latest.{md,json} (into bench/results, or bench/results/quick in quick mode).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NodeChild } from './children';
import { benchApiKey, startGateway } from './gateway';
import { measurePass, planPasses, type MeasureContext, type TargetEndpoint } from './measure';
import type { PassResult, RunReport, TargetName } from './model';
import { parseOptions, UsageError } from './options';
import { otherLoad } from './process-stats';
import { describeMachine, writeReport } from './report';
import { SCENARIOS, SEED_PLAN } from './scenarios';
import { seedHlConnect } from './seed';
import { Simulators } from './simulator-control';
import { failedAnswers } from './summary';
import { checkTargets } from './targets';
import type { VendorConfig } from './vendor-http';
import { compareAnswers } from './verify';

/** How long the simulator keeps a seeded HL order PROCESSING, ms. */
const SEED_PROCESSING_MS = 50;

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** A bench server child (floor or reference): spawned, and ready once it prints its URL. */
async function startServerChild(name: string, script: string, config: VendorConfig, env?: NodeJS.ProcessEnv) {
  const started = performance.now();
  const child = new NodeChild(name, join(__dirname, script), [JSON.stringify(config)], env);
  try {
    const { url } = await child.nextJson<{ url: string }>();
    return { child, url, startupMs: performance.now() - started };
  } catch (error) {
    await child.stop();
    throw error;
  }
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

    const vendorConfig: VendorConfig = {
      hlconnect: sims.info.hlconnect,
      boknett: sims.info.boknett,
      connections: options.upstreamConnections,
    };
    const floor = await startServerChild('floor', 'floor.js', vendorConfig);
    stops.push(() => floor.child.stop());
    // The reference runs as a team would deploy it: NODE_ENV=production, node's default flags.
    const reference = await startServerChild('reference', 'reference.js', vendorConfig, { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' });
    stops.push(() => reference.child.stop());
    progress(`reference (Apollo Server + DataLoader) ready in ${reference.startupMs.toFixed(0)} ms`);

    progress('gateway (production, compiled, API keys, SQLite ledger)');
    const gateway = await startGateway({
      root,
      sims: sims.info,
      dataDir,
      apiKeys,
      upstreamConnections: options.upstreamConnections,
      extraEnv: options.gatewayEnv,
      profileDir: options.profileDir,
    });
    stops.push(() => gateway.child.stop());
    progress(`gateway ready in ${gateway.startupMs.toFixed(0)} ms`);

    const endpoints: Record<TargetName, TargetEndpoint> = {
      floor: { url: (scenario) => `${floor.url}${scenario.floorRoute}`, pid: floor.child.pid },
      reference: { url: () => `${reference.url}/graphql`, pid: reference.child.pid },
      gateway: { url: () => `${gateway.url}/graphql`, pid: gateway.child.pid },
    };

    const sameAnswers: RunReport['sameAnswers'] = [];
    for (const scenario of scenarios) {
      await sims.setInlineUrls(scenario.inlineUrls);
      const urls = { floor: endpoints.floor.url(scenario), reference: endpoints.reference.url(scenario), gateway: endpoints.gateway.url(scenario) };
      const comparison = await compareAnswers(scenario, urls, headers, unique);
      sameAnswers.push({ scenarioId: scenario.id, ...comparison });
      for (const { target, difference } of comparison.differences) {
        const warning = `scenario ${scenario.id}: ${target} and floor answer differently: ${difference}`;
        warnings.push(warning);
        progress(`WARNING ${warning}`);
      }
    }

    const ctx: MeasureContext = { options, sims, headers, unique };
    const passes: PassResult[] = [];
    for (const pass of planPasses(scenarios, options)) {
      progress(`scenario ${pass.scenario.id} (${pass.scenario.name}), ${pass.connections} connections, ${pass.purpose}`);
      await sims.setInlineUrls(pass.scenario.inlineUrls);
      const result = await measurePass(ctx, pass, endpoints, progress);
      passes.push(result);
      for (const [name, summary] of Object.entries(result.targets)) {
        const { non2xx, transportErrors, graphqlErrors } = summary.failures;
        if (failedAnswers(summary) > 0) {
          warnings.push(
            `scenario ${pass.scenario.id} at ${pass.connections} connections: ${name} had ${non2xx} non-2xx, ${transportErrors} socket errors, ${graphqlErrors} GraphQL errors`,
          );
        }
      }
    }

    const othersEnd = await otherLoad([process.pid, sims.pid, floor.child.pid, reference.child.pid, gateway.child.pid], sampleMs);
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
        runs: options.runs,
        scenarios: options.scenarios,
        gatewayEnv: options.gatewayEnv,
        gatewayNodeOptions: gateway.nodeOptions,
      },
      source: sourceOf(root),
      gatewayStartupMs: gateway.startupMs,
      referenceStartupMs: reference.startupMs,
      sameAnswers,
      passes,
      targets: checkTargets(passes, gateway.startupMs),
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
