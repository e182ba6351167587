import type { PassResult, TargetCheck, TargetSummary } from './model';
import { failedAnswers } from './summary';

/** Scenarios whose throughput must reach 0.8 × floor and the reference. */
const THROUGHPUT_SCENARIOS = [1, 3, 6];
const EXACT_CALLS: Record<number, number> = { 1: 41, 2: 1, 3: 25 };
/** The reference's peak RSS plus this, at most (scenario 1, at --connections and --rss-connections). */
const RSS_ALLOWANCE_MB = 32;
/**
 * "Not worse than now" for scenarios 4 and 5: the lowest gateway ÷ floor recorded before the
 * reference was added (bench/README, revision 78765f3 and the run before it: scenario 4
 * 0.78–0.94, scenario 5 0.63–0.80), since single runs varied that much.
 */
const BEFORE: Record<number, number> = { 4: 0.78, 5: 0.63 };
/** Scenario 5 keeps the absolute target it had: orders/s through the SQLite ledger. */
const LEDGER_ORDERS_PER_S = 500;

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const rps = (s: TargetSummary) => fmt(s.requestsPerSecond.median, 0);

/** The issue's targets, each with the medians that decide it. A target never holds on failed gateway answers. */
export function checkTargets(passes: PassResult[], startupMs: number): TargetCheck[] {
  const throughput = passes.filter((p) => p.purpose === 'throughput');
  const checks: TargetCheck[] = [];
  const failed = (p: PassResult) => failedAnswers(p.targets.gateway);
  const failures = (p: PassResult) => (failed(p) > 0 ? `; ${failed(p)} gateway answers failed` : '');
  const check = (target: string, p: PassResult | undefined, holds: (p: PassResult) => boolean, detail: (p: PassResult) => string, missing = 'not run') =>
    checks.push(p ? { target, holds: holds(p) && failed(p) === 0, detail: `${detail(p)}${failures(p)}` } : { target, holds: null, detail: missing });

  for (const id of THROUGHPUT_SCENARIOS) {
    const p = throughput.find((t) => t.scenarioId === id);
    check(
      `${id}: throughput ≥ 0.8 × floor`,
      p,
      (p) => p.ratios.requestsPerSecond.floor >= 0.8,
      (p) => `${rps(p.targets.gateway)} vs ${rps(p.targets.floor)} req/s = ${fmt(p.ratios.requestsPerSecond.floor, 2)} × floor`,
    );
    check(
      `${id}: throughput ≥ reference`,
      p,
      (p) => p.ratios.requestsPerSecond.reference >= 1,
      (p) => `${rps(p.targets.gateway)} vs ${rps(p.targets.reference)} req/s = ${fmt(p.ratios.requestsPerSecond.reference, 2)} × reference`,
    );
  }

  const oneConnection = passes.find((p) => p.purpose === 'one-connection' && p.scenarioId === 1);
  check(
    '1: one connection, p50 ≤ floor p50 + 3 ms',
    oneConnection,
    (p) => p.targets.gateway.p50Ms.median <= p.targets.floor.p50Ms.median + 3,
    (p) =>
      `${fmt(p.targets.gateway.p50Ms.median)} vs floor ${fmt(p.targets.floor.p50Ms.median)} ms (reference ${fmt(p.targets.reference.p50Ms.median)} ms; critical path ${fmt(p.criticalPathMs)} ms)`,
  );

  for (const p of passes.filter((p) => p.scenarioId === 1 && p.purpose !== 'one-connection')) {
    const [gateway, reference] = [p.targets.gateway.peakRssMb.median, p.targets.reference.peakRssMb.median];
    check(
      `peak RSS ≤ reference + ${RSS_ALLOWANCE_MB} MB at ${p.connections} connections`,
      p,
      () => gateway <= reference + RSS_ALLOWANCE_MB,
      () => `scenario 1: gateway ${fmt(gateway, 0)} MB, reference ${fmt(reference, 0)} MB (floor ${fmt(p.targets.floor.peakRssMb.median, 0)} MB)`,
    );
  }

  for (const p of throughput.filter((p) => EXACT_CALLS[p.scenarioId] !== undefined)) {
    const expected = EXACT_CALLS[p.scenarioId] ?? 0;
    const calls = p.targets.gateway.callsPerRequest;
    // Every run must be exact, not only the median.
    const exact = (s: TargetSummary) => Math.abs(s.callsPerRequest.min - expected) < 0.005 && Math.abs(s.callsPerRequest.max - expected) < 0.005;
    checks.push({
      target: `${p.scenarioId}: upstream calls per request = ${expected}`,
      holds: exact(p.targets.gateway),
      detail: `gateway ${fmt(calls.min, 3)}${calls.max !== calls.min ? `–${fmt(calls.max, 3)}` : ''}, floor ${fmt(p.targets.floor.callsPerRequest.median, 3)}, reference ${fmt(p.targets.reference.callsPerRequest.median, 3)}${failures(p)}`,
    });
  }

  for (const id of [4, 5]) {
    const before = BEFORE[id] ?? 0;
    const p = throughput.find((t) => t.scenarioId === id);
    const ledger = id === 5 ? ` and ≥ ${LEDGER_ORDERS_PER_S} orders/s` : '';
    check(
      `${id}: not worse than before (gateway ÷ floor ≥ ${before}${ledger})`,
      p,
      (p) => p.ratios.requestsPerSecond.floor >= before && (id !== 5 || p.targets.gateway.requestsPerSecond.median >= LEDGER_ORDERS_PER_S),
      (p) =>
        `${rps(p.targets.gateway)} vs ${rps(p.targets.floor)} req/s = ${fmt(p.ratios.requestsPerSecond.floor, 2)} × floor (reference ${rps(p.targets.reference)}${id === 5 ? ', without ledger' : ''})`,
    );
  }

  checks.push({ target: 'start-up to ready ≤ 1.5 s', holds: startupMs <= 1500, detail: `${fmt(startupMs, 0)} ms` });
  return checks;
}
