import type { Transition } from '../ledger';
import type { LedgerRow } from '../row';
import { transitionValues } from '../transition-values';
import { NOW } from './clock';
import { prepared, type Prepared } from './prepared';

/**
 * Many compare-and-sets in one statement, hence one commit: each change applies to its row only
 * if the row is still in one of its `from` states and (when given) at its attempt and version,
 * exactly as one `Ledger.transition`. Rows are locked in id order first, so two batches over
 * the same rows cannot deadlock. Changes name distinct rows.
 *
 * The rows are found by their ids as an array ($2), which the planner always reads through the
 * primary key: matched only against the changes' JSON, which it guesses at 100 rows, it hashed
 * the whole table instead, twice, once the table was small enough (a few thousand rows), and
 * every settlement grew with the ledger.
 */
export const TRANSITIONS = prepared(
  'ledger_transitions',
  `UPDATE ledger_entries e SET
    state = c."to", result = c.result::jsonb, note = c.note,
    lease_until = CASE WHEN c."leaseMs" IS NULL THEN NULL ELSE ${NOW} + c."leaseMs" END,
    next_check_at = CASE WHEN c."checkInMs" IS NULL THEN NULL ELSE ${NOW} + c."checkInMs" END,
    uncertain = e.uncertain OR c.uncertain,
    attempts = e.attempts + CASE WHEN c."inputHash" IS NULL THEN 0 ELSE 1 END,
    input_hash = COALESCE(c."inputHash", e.input_hash), request_hash = COALESCE(c."requestHash", e.request_hash), input = COALESCE(c.input::jsonb, e.input),
    version = e.version + 1, updated_at = ${NOW}
  FROM jsonb_to_recordset($1::jsonb) AS c(id bigint, "to" text, result text, note text, "leaseMs" bigint, "checkInMs" bigint, uncertain boolean,
    "inputHash" text, "requestHash" text, input text, "from" jsonb, attempt int, version int)
  WHERE e.id = ANY($2::bigint[]) AND e.id = c.id AND jsonb_exists(c."from", e.state) AND (c.attempt IS NULL OR e.attempts = c.attempt) AND (c.version IS NULL OR e.version = c.version)
    AND e.id IN (SELECT id FROM ledger_entries WHERE id = ANY($2::bigint[]) ORDER BY id FOR UPDATE)
  RETURNING e.*`,
);

/** The statement's parameters: the changes as JSON, and their rows' ids. */
export const transitionParams = (changes: readonly Transition[]): [string, number[]] => [JSON.stringify(changes.map(transitionValues)), changes.map((change) => change.id)];

interface Queued {
  change: Transition;
  resolve: (row: LedgerRow | null) => void;
  reject: (error: unknown) => void;
}

/**
 * Sends the transitions asked for in one turn of the event loop as one statement (one commit),
 * like the SQLite group commit: vendors' answers arriving together cost the database one
 * commit, not one each. A change for a row already in the batch is sent once that batch is decided.
 * If the statement fails, every change of the batch fails, none applied.
 */
export class TransitionBatch {
  private queue: Queued[] = [];

  constructor(private readonly run: (sql: Prepared, params: unknown[]) => Promise<LedgerRow[]>) {}

  transition(change: Transition): Promise<LedgerRow | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ change, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch: Queued[] = [];
    const later: Queued[] = [];
    const ids = new Set<number>();
    for (const queued of this.queue) {
      if (ids.has(queued.change.id)) later.push(queued);
      else {
        ids.add(queued.change.id);
        batch.push(queued);
      }
    }
    this.queue = [];
    const sent = this.run(TRANSITIONS, transitionParams(batch.map((q) => q.change))).then(
      (rows) => {
        const byId = new Map(rows.map((row) => [Number(row.id), row]));
        for (const q of batch) q.resolve(byId.get(q.change.id) ?? null);
      },
      (error: unknown) => {
        for (const q of batch) q.reject(error);
      },
    );
    // A second change of a row is asked for after the first, so it is sent after the first is decided.
    if (later.length > 0) {
      void sent.then(() => {
        const wasEmpty = this.queue.length === 0;
        this.queue = [...later, ...this.queue];
        if (wasEmpty) this.flush();
      });
    }
  }
}
