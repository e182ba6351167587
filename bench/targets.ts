import type { PassResult, TargetCheck } from './model';

const THROUGHPUT_SCENARIOS = [1, 2, 3, 4, 6];
const EXACT_CALLS: Record<number, number> = { 1: 41, 2: 1, 3: 25 };

/** The targets, each with the numbers that decide it. */
export function checkTargets(passes: PassResult[], startupMs: number, settings: { latencyMs: number; rssConnections: number }): TargetCheck[] {
  const throughput = passes.filter((p) => p.purpose === 'throughput');
  const checks: TargetCheck[] = [];
  const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  // A target does not hold on answers that failed, however fast they came.
  const failed = (p: PassResult) => p.gateway.load.non2xx + p.gateway.load.transportErrors + p.gateway.load.graphqlErrors;
  const failures = (p: PassResult) => (failed(p) > 0 ? `; ${failed(p)} gateway answers failed` : '');

  for (const p of throughput.filter((p) => THROUGHPUT_SCENARIOS.includes(p.scenarioId))) {
    checks.push({
      target: `${p.scenarioId}: throughput ≥ 0.8 × floor`,
      holds: p.throughputRatio >= 0.8 && failed(p) === 0,
      detail: `${fmt(p.gateway.load.requestsPerSecond, 0)} vs ${fmt(p.floor.load.requestsPerSecond, 0)} req/s = ${fmt(p.throughputRatio, 2)} × floor${failures(p)}`,
    });
    checks.push({
      target: `${p.scenarioId}: p50 ≤ floor p50 + 2 ms`,
      holds: p.p50DeltaMs <= 2 && failed(p) === 0,
      detail: `${fmt(p.gateway.load.p50Ms)} vs ${fmt(p.floor.load.p50Ms)} ms (${p.p50DeltaMs >= 0 ? '+' : ''}${fmt(p.p50DeltaMs)} ms)${failures(p)}`,
    });
  }

  for (const p of passes.filter((p) => p.purpose === 'one-connection')) {
    checks.push({
      target: `${p.scenarioId}: one connection, p50 ≤ critical path + 3 ms`,
      holds: p.gateway.load.p50Ms <= p.criticalPathMs + 3 && failed(p) === 0,
      detail: `${fmt(p.gateway.load.p50Ms)} ms vs critical path ${fmt(p.criticalPathMs)} ms (floor ${fmt(p.floor.load.p50Ms)} ms)${failures(p)}`,
    });
  }

  for (const p of throughput.filter((p) => EXACT_CALLS[p.scenarioId] !== undefined)) {
    const expected = EXACT_CALLS[p.scenarioId] ?? 0;
    const measured = p.gateway.callsPerRequest;
    checks.push({
      target: `${p.scenarioId}: upstream calls per request = ${expected}`,
      holds: Math.abs(measured - expected) < 0.005,
      detail: `gateway ${fmt(measured, 3)}, floor ${fmt(p.floor.callsPerRequest, 3)}${failures(p)}`,
    });
  }

  const ledger = throughput.find((p) => p.scenarioId === 5);
  checks.push({
    target: '5: ≥ 500 DDS orders/s through the SQLite ledger',
    holds: ledger ? ledger.gateway.load.requestsPerSecond >= 500 && failed(ledger) === 0 : null,
    detail: ledger
      ? `${fmt(ledger.gateway.load.requestsPerSecond, 0)} orders/s (floor without ledger ${fmt(ledger.floor.load.requestsPerSecond, 0)})${failures(ledger)}`
      : 'scenario 5 not run',
  });

  const memory = passes.find((p) => p.purpose === 'memory') ?? throughput.find((p) => p.connections >= settings.rssConnections);
  checks.push({
    target: `peak RSS ≤ floor + 64 MB at ${settings.rssConnections} connections`,
    holds: memory ? memory.gateway.process.peakRssMb <= memory.floor.process.peakRssMb + 64 && failed(memory) === 0 : null,
    detail: memory
      ? `scenario ${memory.scenarioId} at ${memory.connections}: gateway ${fmt(memory.gateway.process.peakRssMb, 0)} MB, floor ${fmt(memory.floor.process.peakRssMb, 0)} MB${failures(memory)}`
      : 'no run at that concurrency',
  });

  checks.push({ target: 'start-up to ready ≤ 1.5 s', holds: startupMs <= 1500, detail: `${fmt(startupMs, 0)} ms` });
  return checks;
}
