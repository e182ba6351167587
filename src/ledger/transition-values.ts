import type { Transition } from './ledger';

/** A transition's values as both databases' statements take them: JSON as text, absent as null. */
export function transitionValues(change: Transition) {
  return {
    id: change.id,
    to: change.to,
    result: change.result === undefined ? null : JSON.stringify(change.result),
    note: change.note ?? null,
    leaseMs: change.leaseMs ?? null,
    checkInMs: change.checkInMs ?? null,
    uncertain: change.uncertain ?? false,
    inputHash: change.newAttempt?.inputHash ?? null,
    requestHash: change.newAttempt?.requestHash ?? null,
    input: change.newAttempt ? JSON.stringify(change.newAttempt.input) : null,
    from: change.from,
    attempt: change.attempt ?? null,
    version: change.version ?? null,
  };
}
