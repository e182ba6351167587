import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { refused, type Result, type UserError } from '../domain';
import { fingerprint, RETRYABLE_STATES, type ClaimResult, type Ledger, type LedgerEntry, type LedgerIntent, type LedgerOperation, type LedgerState, type Transition } from '../ledger';
import { UpstreamError, type AttemptOutcome } from '../vendors/http';

export interface ExactlyOnceSettings {
  /** How long a claimer is trusted to settle its entry: longer than a vendor call can take. */
  leaseMs: number;
  /** How long a duplicate waits for an in-flight twin (or an outcome being confirmed) before answering. */
  waitMs: number;
  /** How often a waiting duplicate looks again. */
  pollMs: number;
  /** The quiet period: how long after an unanswered call the vendor is first asked what happened. */
  reconcileAfterMs: number;
}

export interface ExactlyOnceDeps {
  ledger: Ledger;
  settings: ExactlyOnceSettings;
  logger: Logger;
  /** Told of every settlement that lost its compare-and-set (as the worker's are). */
  onLostTransition?: (entry: LedgerEntry) => void;
}

export interface ExactlyOnceSpec<T> {
  /** Who asks: keys are unique per caller. */
  caller: string;
  operation: LedgerOperation;
  idempotencyKey: string;
  /** What the entry is about at the vendor (a DDS order id, an HL order line): how it is found again. */
  subject: string;
  /** The business input: stored (no credentials or tokens!) and hashed for conflict checks. */
  input: Record<string, unknown>;
  /** One-shot values (a validation token) that make a new attempt distinct; only their hash is kept. */
  attemptSecrets?: Record<string, unknown>;
  /** The vendor call. Business refusals are values; faults are thrown UpstreamErrors. */
  send(): Promise<Result<T>>;
  toRecord(value: T): unknown;
  fromRecord(record: unknown): T;
  /** What an entry whose answer was lost becomes: UNKNOWN when the vendor can be asked later, else NEEDS_ATTENTION. */
  lostAnswerState: 'UNKNOWN' | 'NEEDS_ATTENTION';
  /**
   * Asked when a re-send after an unknown outcome is refused: whether the refusal shows that an
   * earlier attempt of this entry applied (HL Connect's 409 "already registered", if the line it
   * holds is ours), shows nothing of the kind, or cannot be told yet.
   */
  appliedBy?(userErrors: readonly UserError[]): Promise<EarlierAttempt<T>>;
  /** Told of the entry as this attempt's settlement left it (not when the settlement was lost or failed). */
  recorded?(entry: LedgerEntry): void;
  /** How the vendor's answer is recorded: `Ledger.transition` unless given (a checkout holds its lines' together). */
  settleVia?(change: Transition): Promise<LedgerEntry | null>;
}

/** What a refusal of a re-send says about the attempts before it. */
export type EarlierAttempt<T> = { applied: true; value: T } | { applied: false } | { applied: 'unknown'; note: string };

const userError = (code: UserError['code'], message: string, retryAfterSeconds?: number): UserError => ({
  code,
  message,
  field: null,
  ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
});

/** Seconds until `at`, at least 1: what a caller is told to wait before asking again. */
const secondsUntil = (at: Date | null, fallbackMs: number): number => Math.max(1, Math.ceil(((at?.getTime() ?? Date.now() + fallbackMs) - Date.now()) / 1000));

/**
 * Runs a vendor mutation at most once per caller and idempotency key, across requests,
 * processes and restarts: the intent is written before the call and the outcome after it,
 * and a duplicate gets the recorded answer instead of a second call. An unknown outcome is
 * never re-sent: only the background worker settles it, by asking the vendor after the
 * quiet period (or an operator, where the vendor cannot be asked).
 */
export async function executeOnce<T>(deps: ExactlyOnceDeps, spec: ExactlyOnceSpec<T>): Promise<Result<T>> {
  const intent = intentOf(spec, deps.settings);
  return executeClaimed(deps, spec, intent, await deps.ledger.claim(intent));
}

/** What the ledger is told before the call: the entry's identity, input and the claimer's lease. */
export function intentOf(spec: ExactlyOnceSpec<unknown>, settings: ExactlyOnceSettings): LedgerIntent {
  return {
    caller: spec.caller,
    operation: spec.operation,
    idempotencyKey: spec.idempotencyKey,
    subject: spec.subject,
    inputHash: fingerprint(spec.input),
    requestHash: fingerprint({ input: spec.input, attempt: spec.attemptSecrets ?? null }),
    input: spec.input,
    leaseMs: settings.leaseMs,
  };
}

/**
 * `executeOnce` after the claim was committed (by `Ledger.claim`, or by `Ledger.claimMany` for
 * several at once): claimed, the call is sent; otherwise the recorded entry decides, as above.
 */
export async function executeClaimed<T>(deps: ExactlyOnceDeps, spec: ExactlyOnceSpec<T>, intent: LedgerIntent, claim: ClaimResult): Promise<Result<T>> {
  const { ledger, settings } = deps;
  let entry = claim.entry;
  if (claim.claimed) return sendAndRecord(deps, spec, entry);

  const deadline = Date.now() + settings.waitMs;
  for (;;) {
    // Whatever became of the key's earlier attempts: a retry sends the same purchase or nothing.
    if (entry.inputHash !== intent.inputHash) {
      return refused([userError('IDEMPOTENCY_CONFLICT', `Idempotency key ${spec.idempotencyKey} was already used for a different request.`)]);
    }
    switch (entry.state) {
      case 'SUCCEEDED':
        return { ok: true, value: spec.fromRecord(entry.result) };
      case 'REJECTED':
      case 'NOT_APPLIED': {
        if (entry.state === 'REJECTED' && entry.requestHash === intent.requestHash) return refused(entry.result as UserError[]);
        // Nothing happened at the vendor: this request may try again, once, decided by the database.
        const reclaimed = await ledger.transition({
          id: entry.id,
          from: RETRYABLE_STATES,
          attempt: entry.attempts,
          to: 'PENDING',
          leaseMs: settings.leaseMs,
          newAttempt: intent,
        });
        if (reclaimed) return sendAndRecord(deps, spec, reclaimed);
        break;
      }
      case 'UNKNOWN': {
        // Only the vendor can tell, and only after the quiet period: wait for the worker if it is due soon.
        const checkAt = entry.nextCheckAt?.getTime() ?? Number.POSITIVE_INFINITY;
        if (checkAt + settings.pollMs > deadline || Date.now() >= deadline) {
          const seconds = secondsUntil(entry.nextCheckAt, settings.reconcileAfterMs);
          return refused([
            userError(
              'OUTCOME_UNKNOWN',
              `The vendor may have received this request but did not answer; the gateway will ask the vendor what happened. Ask again in ${seconds} s.`,
              seconds,
            ),
          ]);
        }
        await sleep(settings.pollMs);
        break;
      }
      case 'NEEDS_ATTENTION':
        return refused([userError('NEEDS_ATTENTION', 'The outcome of this request is unknown and the vendor offers no way to check it; an operator must confirm it.')]);
      case 'PENDING':
        if (Date.now() >= deadline) {
          return refused([userError('IN_PROGRESS', 'An identical request is still in flight; ask again shortly.', 1)]);
        }
        await sleep(settings.pollMs);
        break;
    }
    const latest = await ledger.find(spec.caller, spec.operation, spec.idempotencyKey);
    if (!latest) throw new Error(`ledger entry ${spec.operation}/${spec.idempotencyKey} disappeared`);
    entry = latest;
  }
}

/** Where the vendor's own answer to an attempt may still land: the worker's conclusions give way to it. */
const ANSWERABLE: readonly LedgerState[] = ['PENDING', 'UNKNOWN', 'NEEDS_ATTENTION', 'NOT_APPLIED'];

async function sendAndRecord<T>(deps: ExactlyOnceDeps, spec: ExactlyOnceSpec<T>, entry: LedgerEntry): Promise<Result<T>> {
  const { ledger, settings, logger } = deps;
  const settle = async (change: Omit<Transition, 'id' | 'attempt'>) => {
    try {
      const transition: Transition = { id: entry.id, attempt: entry.attempts, ...change };
      const settled = await (spec.settleVia ? spec.settleVia(transition) : ledger.transition(transition));
      if (settled) spec.recorded?.(settled);
      else {
        deps.onLostTransition?.(entry);
        logger.warn({ operation: spec.operation, entryId: entry.id, state: change.to }, 'ledger transition lost: the entry moved on before this attempt settled it');
      }
    } catch (error) {
      // The entry stays PENDING; when its lease runs out the worker takes it over.
      logger.error({ err: error, operation: spec.operation, entryId: entry.id, state: change.to }, 'could not record a vendor outcome');
    }
  };

  // A call may span several vendor round trips (a login, a retry after 401): keep the
  // lease alive while this process works, so that only a dead claimer's entry expires.
  const renewal = setInterval(
    () => {
      ledger.renewLease(entry.id, entry.attempts, settings.leaseMs).catch((error: unknown) => {
        logger.warn({ err: error, entryId: entry.id }, 'could not renew a ledger lease');
      });
    },
    Math.max(1, Math.floor(settings.leaseMs / 3)),
  );
  renewal.unref();

  let result: Result<T>;
  try {
    result = await spec.send();
  } catch (error) {
    clearInterval(renewal);
    const reached = !(error instanceof UpstreamError) || error.mayHaveReachedVendor;
    const note = error instanceof UpstreamError ? `${error.failure}${error.status ? ` ${error.status}` : ''}${error.detail ? `: ${error.detail}` : ''}` : 'unexpected failure';
    const outcome: AttemptOutcome = reached ? spec.lostAnswerState : 'NOT_APPLIED';
    if (outcome === 'NOT_APPLIED') await settle({ from: ['PENDING'], to: 'NOT_APPLIED', note: `not processed by the vendor (${note})` });
    else if (outcome === 'UNKNOWN') await settle({ from: ['PENDING'], to: 'UNKNOWN', note, uncertain: true, checkInMs: settings.reconcileAfterMs });
    else await settle({ from: ['PENDING'], to: 'NEEDS_ATTENTION', note, uncertain: true });
    // The caller's first answer says whether the purchase may have happened, not only that the vendor failed.
    if (error instanceof UpstreamError) error.outcome = outcome;
    throw error;
  }
  clearInterval(renewal);
  // The vendor's own answer is the truth, even if the worker concluded otherwise meanwhile.
  if (result.ok) {
    await settle({ from: ANSWERABLE, to: 'SUCCEEDED', result: spec.toRecord(result.value) });
    return result;
  }
  const earlier: EarlierAttempt<T> = entry.uncertain && spec.appliedBy ? await spec.appliedBy(result.userErrors) : { applied: false };
  if (earlier.applied === true) {
    await settle({ from: ANSWERABLE, to: 'SUCCEEDED', result: spec.toRecord(earlier.value), note: 'the vendor already had it: an earlier attempt whose answer was lost applied' });
    return { ok: true, value: earlier.value };
  }
  if (earlier.applied === 'unknown') {
    // Ours or another's, the vendor cannot say yet: the worker asks again after the quiet period.
    await settle({ from: ANSWERABLE, to: 'UNKNOWN', note: earlier.note, uncertain: true, checkInMs: settings.reconcileAfterMs });
    const seconds = Math.max(1, Math.ceil(settings.reconcileAfterMs / 1000));
    return refused([
      userError('OUTCOME_UNKNOWN', `The vendor already holds this order line; the gateway will ask the vendor whether it is this purchase. Ask again in ${seconds} s.`, seconds),
    ]);
  }
  await settle({ from: ANSWERABLE, to: 'REJECTED', result: result.userErrors });
  return result;
}
