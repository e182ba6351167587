/**
 * The purchase ledger: one durable row per vendor mutation, written before the call and
 * settled after it, so that nothing sent is ever lost and nothing is sent twice.
 *
 *   PENDING          claimed; the vendor call is (or was) in flight
 *   SUCCEEDED        the vendor accepted; `result` holds what it returned
 *   REJECTED         the vendor refused; `result` holds the userErrors (nothing happened)
 *   NOT_APPLIED      the call never took effect (not sent, not processed, or the vendor said so after the quiet period)
 *   UNKNOWN          the call may have reached the vendor but no answer came; the worker asks the vendor after the quiet period
 *   NEEDS_ATTENTION  unknown, and the vendor offers no way to find out: an operator decides
 *
 * Every state change is one compare-and-set (`transition`) on the entry's id, its expected
 * states and attempt or version; times (leases, quiet periods, ages) are the database's.
 */
import type { CheckoutChange, CheckoutDraft, StoredCheckout } from './checkout';

export const LEDGER_STATES = ['PENDING', 'SUCCEEDED', 'REJECTED', 'NOT_APPLIED', 'UNKNOWN', 'NEEDS_ATTENTION'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

export const LEDGER_OPERATIONS = ['HL_REGISTER_PURCHASE', 'HL_CANCEL_ORDER_LINE', 'DDS_PLACE_ORDER'] as const;
export type LedgerOperation = (typeof LEDGER_OPERATIONS)[number];

/** States after which a new attempt under the same key may be sent: the vendor holds nothing. */
export const RETRYABLE_STATES: readonly LedgerState[] = ['REJECTED', 'NOT_APPLIED'];

/** States an operator may settle by hand: the gateway cannot (yet) tell what the vendor did. */
export const RESOLVABLE_STATES: readonly LedgerState[] = ['UNKNOWN', 'NEEDS_ATTENTION'];

/** Owner of the rows written before entries had callers: matched for every caller's keys, shown only with `ledger:read`. */
export const LEGACY_CALLER = '';

export interface LedgerEntry {
  id: number;
  /** Who asked: the API key's name or the JWT's subject. Keys are unique per caller. */
  caller: string;
  operation: LedgerOperation;
  idempotencyKey: string;
  /** What the entry is about at the vendor, e.g. a DDS order id or `5001/1` for an HL order line. */
  subject: string;
  /** Hash of the normalised business input: a different one under the same key is a conflict. */
  inputHash: string;
  /** Hash of the whole request, one-shot tokens included (the tokens themselves are never stored). */
  requestHash: string;
  /** The input, without credentials or tokens; buyers' names are erased after the retention period. */
  input: Record<string, unknown>;
  state: LedgerState;
  /** SUCCEEDED: the vendor's result; REJECTED: the userErrors. */
  result: unknown;
  /** Why an entry is in its state, when not obvious. */
  note: string | null;
  attempts: number;
  /** Bumped by every change: what workers and operators compare against. */
  version: number;
  /** Some attempt's outcome was unknown: a later "already there" from the vendor proves it applied. */
  uncertain: boolean;
  /** PENDING: until when the claimer is trusted to settle it. */
  leaseUntil: Date | null;
  /** UNKNOWN: when the worker may next ask the vendor (the end of the quiet period, then between checks). */
  nextCheckAt: Date | null;
  personalDataErasedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a claim writes: the entry's identity and input, and how long the claimer holds it. */
export interface LedgerIntent extends Pick<LedgerEntry, 'caller' | 'operation' | 'idempotencyKey' | 'subject' | 'inputHash' | 'requestHash' | 'input'> {
  leaseMs: number;
}

export type ClaimResult = { claimed: true; entry: LedgerEntry } | { claimed: false; entry: LedgerEntry };

/** What `claimMany` wrote: the changed checkout (when one was given) and one claim per intent, in the intents' order. */
export interface BatchClaim {
  checkout: StoredCheckout | null;
  claims: ClaimResult[];
}

/** Who changed an entry by hand, and why: written with the change, in the same transaction. */
export interface LedgerAudit {
  actor: string;
  action: string;
  note: string;
}

export interface LedgerAuditRecord extends LedgerAudit {
  entryId: number;
  at: Date;
  fromState: LedgerState;
  toState: LedgerState;
}

/**
 * One compare-and-set: the entry moves to `to` only if it is still in one of `from`, and
 * (when given) still at `attempt` and `version`. Everything else about the entry is set as
 * described; times are relative to the database's clock.
 */
export interface Transition {
  id: number;
  from: readonly LedgerState[];
  /** The vendor's answer to attempt n may settle attempt n only. */
  attempt?: number;
  /** Unchanged since it was read (workers, operators). */
  version?: number;
  to: LedgerState;
  /** Replaces the stored result (null when absent). */
  result?: unknown;
  note?: string | null;
  /** PENDING: the claimer's lease from now; absent: no lease. */
  leaseMs?: number;
  /** UNKNOWN: next check by the worker from now; absent: none. */
  checkInMs?: number;
  /** Marks that an attempt's outcome was unknown (never cleared). */
  uncertain?: boolean;
  /** A new attempt (attempts + 1) with this request. */
  newAttempt?: Pick<LedgerIntent, 'inputHash' | 'requestHash' | 'input'>;
  /** Written as an audit record of the change when it happens. */
  audit?: LedgerAudit;
}

export interface LedgerPage {
  entries: LedgerEntry[];
  hasNextPage: boolean;
}

export interface LedgerListQuery {
  state?: LedgerState;
  /** Only this caller's entries; absent: everyone's. */
  caller?: string;
  first: number;
  after?: number;
}

export interface LedgerStateStats {
  count: number;
  /** The age of the oldest entry in this state, since it was created, by the database's clock; 0 when none. (Since its last change would restart with every note the worker writes while a vendor cannot be asked.) */
  oldestAgeMs: number;
}

export interface Ledger {
  readonly kind: 'sqlite' | 'postgres';
  /** SQL statements sent so far (tests assert batching with it). */
  readonly statements: number;
  /** Applies pending migrations; safe to run from several replicas at once. */
  migrate(): Promise<void>;
  /** Inserts a PENDING entry, or returns the existing one for this caller, operation and key. The database decides the winner. */
  claim(intent: LedgerIntent): Promise<ClaimResult>;
  /**
   * Several claims, and optionally a checkout's compare-and-set, in ONE transaction (one commit):
   * each intent is inserted PENDING (attempt 1, version 0) exactly as `claim` does, or the row
   * already under its key is returned unclaimed, never claimed again. With `checkout`, the claims
   * are written only if the checkout is still at its version: null when that compare-and-set is
   * lost (then nothing is written).
   */
  claimMany(intents: readonly LedgerIntent[], checkout?: CheckoutChange): Promise<BatchClaim | null>;
  /** The one way states change: a compare-and-set. Null when the entry was not as expected (the change is lost, not applied). */
  transition(change: Transition): Promise<LedgerEntry | null>;
  /** Pushes a PENDING entry's lease `leaseMs` past the database's now while its claimer works; false if it is no longer its. */
  renewLease(id: number, attempt: number, leaseMs: number): Promise<boolean>;
  /**
   * For the background worker: claims up to `limit` due entries (PENDING past its lease,
   * UNKNOWN past its next check), each for `claimMs`, so that no other replica works them
   * meanwhile. Claiming bumps their version: only the claimer's transitions can succeed.
   */
  claimDue(limit: number, claimMs: number): Promise<LedgerEntry[]>;
  /** This caller's entry for the key, or a legacy one (written before entries had callers). */
  find(caller: string, operation: LedgerOperation, idempotencyKey: string): Promise<LedgerEntry | null>;
  /** Every caller's entries for the key (operators). */
  findByKey(idempotencyKey: string, operation?: LedgerOperation): Promise<LedgerEntry[]>;
  findById(id: number): Promise<LedgerEntry | null>;
  /** The entries about many subjects, in one statement; several entries may share a subject. Only `caller`'s when given. */
  findBySubjects(operation: LedgerOperation, subjects: readonly string[], caller?: string): Promise<Map<string, LedgerEntry[]>>;
  /** Newest first; `after` is an entry id from a previous page. */
  list(query: LedgerListQuery): Promise<LedgerPage>;
  /** The hand-made changes of one entry, oldest first. */
  auditTrail(id: number): Promise<LedgerAuditRecord[]>;
  /**
   * Erases buyers' names (`customer`, `firstName`, `lastName`) from inputs of settled entries created more than `olderThanMs` ago,
   * and from checkouts not COMPLETING (buyer, HL lines' `customer`); at most `limit` of each. Returns how many rows.
   */
  erasePersonalData(olderThanMs: number, limit: number): Promise<number>;
  stats(): Promise<Record<LedgerState, LedgerStateStats>>;
  countByState(): Promise<Record<LedgerState, number>>;
  /** Stores a PREPARED checkout, or returns the one this caller already has under the key. The unique key decides. */
  createCheckout(draft: CheckoutDraft): Promise<{ created: boolean; checkout: StoredCheckout }>;
  findCheckout(id: number): Promise<StoredCheckout | null>;
  findCheckoutByKey(caller: string, idempotencyKey: string): Promise<StoredCheckout | null>;
  /** The one way a checkout changes: a compare-and-set on its version. Null when it moved on meanwhile. */
  updateCheckout(change: CheckoutChange): Promise<StoredCheckout | null>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The highest migration applied to this database (0: none). */
  schemaVersion(): Promise<number>;
}
