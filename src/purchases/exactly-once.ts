import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { refused, type Result, type UserError } from '../domain';
import { fingerprint, RETRYABLE_STATES, type Ledger, type LedgerEntry, type LedgerIntent, type LedgerOperation, type LedgerState } from '../ledger';
import { UpstreamError } from '../vendors/http';

export interface ExactlyOnceSettings {
  /** How long a claimer is trusted to settle its entry: longer than a vendor call can take. */
  leaseMs: number;
  /** How long a duplicate waits for an in-flight twin before answering IN_PROGRESS. */
  waitMs: number;
  /** How often a waiting duplicate looks again. */
  pollMs: number;
}

export interface ExactlyOnceDeps {
  ledger: Ledger;
  settings: ExactlyOnceSettings;
  logger: Logger;
}

export interface ExactlyOnceSpec<T> {
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
  /** What an entry whose answer was lost becomes: UNKNOWN when it can be reconciled, else NEEDS_ATTENTION. */
  lostAnswerState: 'UNKNOWN' | 'NEEDS_ATTENTION';
  /** Settles an UNKNOWN entry by asking the vendor, when it can; returns the entry as it is now. */
  reconcile?(entry: LedgerEntry): Promise<LedgerEntry>;
}

const userError = (code: UserError['code'], message: string): UserError => ({ code, message, field: null });

/**
 * Runs a vendor mutation at most once per idempotency key, across requests, processes
 * and restarts: the intent is written before the call and the outcome after it, and a
 * duplicate gets the recorded answer instead of a second call.
 */
export async function executeOnce<T>(deps: ExactlyOnceDeps, spec: ExactlyOnceSpec<T>): Promise<Result<T>> {
  const { ledger, settings } = deps;
  const intent: LedgerIntent = {
    operation: spec.operation,
    idempotencyKey: spec.idempotencyKey,
    subject: spec.subject,
    inputHash: fingerprint(spec.input),
    requestHash: fingerprint({ input: spec.input, attempt: spec.attemptSecrets ?? null }),
    input: spec.input,
    leaseMs: settings.leaseMs,
  };

  const claim = await ledger.claim(intent);
  let entry = claim.entry;
  if (claim.claimed) return sendAndRecord(deps, spec, entry);

  const deadline = Date.now() + settings.waitMs;
  for (;;) {
    if (entry.inputHash !== intent.inputHash && !RETRYABLE_STATES.includes(entry.state)) {
      return refused([
        userError('IDEMPOTENCY_CONFLICT', `Idempotency key ${spec.idempotencyKey} was already used for a different request.`),
      ]);
    }
    switch (entry.state) {
      case 'SUCCEEDED':
        return { ok: true, value: spec.fromRecord(entry.result) };
      case 'REJECTED':
      case 'NOT_APPLIED': {
        if (entry.state === 'REJECTED' && entry.requestHash === intent.requestHash) return refused(entry.result as UserError[]);
        // Nothing happened at the vendor: this request may try again, once, decided by the database.
        const reclaimed = await ledger.reclaim(entry, intent);
        if (reclaimed) return sendAndRecord(deps, spec, reclaimed);
        break;
      }
      case 'UNKNOWN':
        if (spec.reconcile) {
          const reconciled = await spec.reconcile(entry);
          if (reconciled.state !== 'UNKNOWN') {
            entry = reconciled;
            continue;
          }
        }
        return refused([
          userError('OUTCOME_UNKNOWN', 'The vendor may have received this request but did not answer; the gateway is confirming it. Ask again shortly.'),
        ]);
      case 'NEEDS_ATTENTION':
        return refused([
          userError('NEEDS_ATTENTION', 'The outcome of this request is unknown and the vendor offers no way to check it; an operator must confirm it.'),
        ]);
      case 'PENDING':
        if (Date.now() >= deadline) {
          return refused([userError('IN_PROGRESS', 'An identical request is still in flight; ask again shortly.')]);
        }
        await sleep(settings.pollMs);
        break;
    }
    const latest = await ledger.find(spec.operation, spec.idempotencyKey);
    if (!latest) throw new Error(`ledger entry ${spec.operation}/${spec.idempotencyKey} disappeared`);
    entry = latest;
  }
}

/** Where a vendor's own answer may still land: the reconciler's guesses give way to it. */
const ANSWERABLE: readonly LedgerState[] = ['PENDING', 'UNKNOWN', 'NEEDS_ATTENTION', 'NOT_APPLIED'];

async function sendAndRecord<T>(deps: ExactlyOnceDeps, spec: ExactlyOnceSpec<T>, entry: LedgerEntry): Promise<Result<T>> {
  const { ledger, settings, logger } = deps;
  const settle = async (state: Exclude<LedgerState, 'PENDING'>, from: readonly LedgerState[], result?: unknown, note?: string) => {
    try {
      const settled = await ledger.settle(entry.id, { state, result, note }, from, entry.attempts);
      if (!settled) logger.warn({ operation: spec.operation, entryId: entry.id, state }, 'ledger entry moved on before this attempt settled it');
    } catch (error) {
      // The entry stays PENDING; when its lease runs out the reconciler settles it.
      logger.error({ err: error, operation: spec.operation, entryId: entry.id, state }, 'could not record a vendor outcome');
    }
  };

  // A call may span several vendor round trips (a login, a retry after 401): keep the
  // lease alive while this process works, so that only a dead claimer's entry expires.
  const renewal = setInterval(() => {
    ledger.renewLease(entry.id, entry.attempts, settings.leaseMs).catch((error: unknown) => {
      logger.warn({ err: error, entryId: entry.id }, 'could not renew a ledger lease');
    });
  }, Math.max(1, Math.floor(settings.leaseMs / 3)));
  renewal.unref();

  let result: Result<T>;
  try {
    result = await spec.send();
  } catch (error) {
    clearInterval(renewal);
    const reached = !(error instanceof UpstreamError) || error.mayHaveReachedVendor;
    const note = error instanceof UpstreamError ? `${error.failure}${error.detail ? `: ${error.detail}` : ''}` : 'unexpected failure';
    await settle(reached ? spec.lostAnswerState : 'NOT_APPLIED', ['PENDING'], undefined, note);
    throw error;
  }
  clearInterval(renewal);
  // The vendor's own answer is the truth, even if a reconciler guessed meanwhile.
  if (result.ok) await settle('SUCCEEDED', ANSWERABLE, spec.toRecord(result.value));
  else await settle('REJECTED', ANSWERABLE, result.userErrors);
  return result;
}
