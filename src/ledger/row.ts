import type { LedgerEntry, LedgerOperation, LedgerState } from './ledger';

/** A ledger row as both databases return it (times as epoch milliseconds). */
export interface LedgerRow {
  id: number | string;
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
  lease_until: number | string | null;
  created_at: number | string;
  updated_at: number | string;
}

const fromJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

export function toEntry(row: LedgerRow): LedgerEntry {
  return {
    id: Number(row.id),
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
    leaseUntil: row.lease_until === null ? null : new Date(Number(row.lease_until)),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}
