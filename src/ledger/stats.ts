import { LEDGER_STATES, type LedgerState, type LedgerStateStats } from './ledger';

export function emptyStats(): Record<LedgerState, LedgerStateStats> {
  return Object.fromEntries(LEDGER_STATES.map((s) => [s, { count: 0, oldestAgeMs: 0 }])) as Record<LedgerState, LedgerStateStats>;
}

export function countsOf(stats: Record<LedgerState, LedgerStateStats>): Record<LedgerState, number> {
  return Object.fromEntries(LEDGER_STATES.map((s) => [s, stats[s].count])) as Record<LedgerState, number>;
}
