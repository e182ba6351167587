/**
 * The purchase ledger: one durable row per vendor mutation, written before the call and
 * settled after it, so that nothing sent is ever lost and nothing is sent twice.
 *
 *   PENDING          claimed; the vendor call is (or was) in flight
 *   SUCCEEDED        the vendor accepted; `result` holds what it returned
 *   REJECTED         the vendor refused; `result` holds the userErrors (nothing happened)
 *   NOT_APPLIED      the call never took effect (not sent, or reconciliation proved it absent)
 *   UNKNOWN          the call may have reached the vendor but no answer came
 *   NEEDS_ATTENTION  unknown, and the vendor offers no way to find out: an operator decides
 */
export const LEDGER_STATES = ['PENDING', 'SUCCEEDED', 'REJECTED', 'NOT_APPLIED', 'UNKNOWN', 'NEEDS_ATTENTION'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

export const LEDGER_OPERATIONS = ['HL_REGISTER_PURCHASE', 'HL_CANCEL_ORDER_LINE', 'DDS_PLACE_ORDER'] as const;
export type LedgerOperation = (typeof LEDGER_OPERATIONS)[number];

/** States after which a new attempt under the same key may be sent: the vendor holds nothing. */
export const RETRYABLE_STATES: readonly LedgerState[] = ['REJECTED', 'NOT_APPLIED'];

export interface LedgerEntry {
  id: number;
  operation: LedgerOperation;
  idempotencyKey: string;
  /** What the entry is about at the vendor, e.g. a DDS order id or `5001/1` for an HL order line. */
  subject: string;
  /** Hash of the normalised business input: a different one under the same key is a conflict. */
  inputHash: string;
  /** Hash of the whole request, one-shot tokens included (the tokens themselves are never stored). */
  requestHash: string;
  /** The input, without credentials or tokens. */
  input: Record<string, unknown>;
  state: LedgerState;
  /** SUCCEEDED: the vendor's result; REJECTED: the userErrors. */
  result: unknown;
  /** Why an entry is UNKNOWN, NOT_APPLIED or NEEDS_ATTENTION. */
  note: string | null;
  attempts: number;
  /** Until when the claimer is trusted to settle a PENDING entry. */
  leaseUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a claim writes: the entry's identity and input, and how long the claimer holds it. */
export interface LedgerIntent extends Pick<LedgerEntry, 'operation' | 'idempotencyKey' | 'subject' | 'inputHash' | 'requestHash' | 'input'> {
  leaseMs: number;
}

export type ClaimResult = { claimed: true; entry: LedgerEntry } | { claimed: false; entry: LedgerEntry };

export interface LedgerOutcome {
  state: Exclude<LedgerState, 'PENDING'>;
  result?: unknown;
  note?: string | null;
}

export interface LedgerPage {
  entries: LedgerEntry[];
  hasNextPage: boolean;
}

export interface Ledger {
  readonly kind: 'sqlite' | 'postgres';
  /** SQL statements sent so far (tests assert batching with it). */
  readonly statements: number;
  /** Applies pending migrations; safe to run from several replicas at once. */
  migrate(): Promise<void>;
  /** Inserts a PENDING entry, or returns the existing one for this operation and key. The database decides the winner. */
  claim(intent: LedgerIntent): Promise<ClaimResult>;
  /** Makes a REJECTED or NOT_APPLIED entry PENDING again for a new attempt; null if another claimer won. */
  reclaim(entry: LedgerEntry, intent: LedgerIntent): Promise<LedgerEntry | null>;
  /**
   * Moves an entry out of one of `from` states; null if it was no longer in them, or, when
   * `attempt` is given, if the entry has been claimed again for a later attempt since.
   */
  settle(id: number, outcome: LedgerOutcome, from: readonly LedgerState[], attempt?: number): Promise<LedgerEntry | null>;
  /** Pushes a PENDING entry's lease `leaseMs` into the future while its claimer is still working; false if it is no longer its. */
  renewLease(id: number, attempt: number, leaseMs: number): Promise<boolean>;
  find(operation: LedgerOperation, idempotencyKey: string): Promise<LedgerEntry | null>;
  /** The entries about many subjects, in one statement; several entries may share a subject. */
  findBySubjects(operation: LedgerOperation, subjects: readonly string[]): Promise<Map<string, LedgerEntry[]>>;
  /** Newest first; `after` is an entry id from a previous page. */
  list(query: { state?: LedgerState; first: number; after?: number }): Promise<LedgerPage>;
  /** PENDING entries whose lease ran out and UNKNOWN entries last touched before `olderThan`. */
  due(olderThan: Date, limit: number): Promise<LedgerEntry[]>;
  countByState(): Promise<Record<LedgerState, number>>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The highest migration applied to this database (0: none). */
  schemaVersion(): Promise<number>;
}
