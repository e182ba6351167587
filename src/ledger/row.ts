import type { LedgerAuditRecord, LedgerEntry, LedgerIntent, LedgerOperation, LedgerState } from './ledger';

/** A ledger row as both databases return it (times as epoch milliseconds). */
export interface LedgerRow {
  id: number | string;
  caller: string;
  operation: string;
  idempotency_key: string;
  subject: string;
  input_hash: string;
  request_hash: string;
  input: string | Record<string, unknown>;
  state: string;
  result: string | unknown;
  note: string | null;
  attempts: number | string;
  version: number | string;
  uncertain: boolean | number;
  lease_until: number | string | null;
  next_check_at: number | string | null;
  personal_data_erased_at: number | string | null;
  created_at: number | string;
  updated_at: number | string;
}

export interface LedgerAuditRow {
  entry_id: number | string;
  at: number | string;
  actor: string;
  action: string;
  from_state: string;
  to_state: string;
  note: string;
}

/** What a claim takes from its intent as it is, named as the ledger's table names it. */
export function intentColumns(intent: LedgerIntent) {
  return {
    caller: intent.caller,
    operation: intent.operation,
    idempotency_key: intent.idempotencyKey,
    subject: intent.subject,
    input_hash: intent.inputHash,
    request_hash: intent.requestHash,
  };
}

/** What a claim reads back of the row it inserted; the rest is its intent's (`claimedEntry`). */
export interface ClaimedRow {
  id: number | string;
  lease_until: number | string;
  created_at: number | string;
  updated_at: number | string;
}

/** A row just inserted by a claim: the columns it read back, the rest as the intent wrote them (its input as written, when at hand). */
export function claimedEntry(intent: LedgerIntent, row: ClaimedRow, input: string | Record<string, unknown> = intent.input): LedgerEntry {
  return toEntry({
    ...row,
    ...intentColumns(intent),
    input,
    state: 'PENDING',
    result: null,
    note: null,
    attempts: 1,
    version: 0,
    uncertain: false,
    next_check_at: null,
    personal_data_erased_at: null,
  });
}

const fromJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
const time = (value: number | string | null): Date | null => (value === null ? null : new Date(Number(value)));

export function toEntry(row: LedgerRow): LedgerEntry {
  return {
    id: Number(row.id),
    caller: row.caller,
    operation: row.operation as LedgerOperation,
    idempotencyKey: row.idempotency_key,
    subject: row.subject,
    inputHash: row.input_hash,
    requestHash: row.request_hash,
    input: fromJson(row.input) as Record<string, unknown>,
    state: row.state as LedgerState,
    result: row.result === null ? null : fromJson(row.result),
    note: row.note,
    attempts: Number(row.attempts),
    version: Number(row.version),
    uncertain: Boolean(row.uncertain),
    leaseUntil: time(row.lease_until),
    nextCheckAt: time(row.next_check_at),
    personalDataErasedAt: time(row.personal_data_erased_at),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

export function toAuditRecord(row: LedgerAuditRow): LedgerAuditRecord {
  return {
    entryId: Number(row.entry_id),
    at: new Date(Number(row.at)),
    actor: row.actor,
    action: row.action,
    fromState: row.from_state as LedgerState,
    toState: row.to_state as LedgerState,
    note: row.note,
  };
}
