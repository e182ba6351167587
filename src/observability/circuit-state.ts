/** cockatiel's CircuitState numbering, which the gauge follows. */
const BY_NAME: Record<string, number> = { closed: 0, open: 1, halfopen: 2, isolated: 3 };

/**
 * A circuit state as a gauge value: cockatiel's `CircuitState` (0 closed, 1 open,
 * 2 half-open, 3 isolated) or its name in any case (`'half-open'`, `'HalfOpen'`).
 * Undefined for anything else, e.g. a client without a breaker.
 */
export function circuitStateValue(state: unknown): number | undefined {
  if (typeof state === 'number') return Number.isInteger(state) && state >= 0 && state <= 3 ? state : undefined;
  if (typeof state === 'string') return BY_NAME[state.toLowerCase().replace(/[^a-z]/g, '')];
  return undefined;
}
