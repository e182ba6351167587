import { refused, type Result, type UserError } from '../domain';
import { RESOLVABLE_STATES, type Ledger, type LedgerEntry } from '../ledger';
import type { ExactlyOnceDeps } from './exactly-once';
import { lineOf } from './reconcile';

export interface ResolveLedgerEntryDeps {
  ledger: Ledger;
  /** Where a lost compare-and-set is reported, as every other one is (a warning and `ledger_transitions_lost_total`); the CLI tells its operator itself. */
  lost?: Pick<ExactlyOnceDeps, 'logger' | 'onLostTransition'>;
  /** Where DDS keeps a fulfilment's content, for an order an operator confirms as placed. */
  ddsContentUrl(fulfilmentId: string): string;
}

export interface ResolveLedgerEntryInput {
  entryId: number;
  /** What the operator learnt from the vendor. */
  outcome: 'SUCCEEDED' | 'NOT_APPLIED';
  /** DDS, SUCCEEDED: the fulfilment id the vendor confirmed. */
  fulfilmentId?: string | null;
  note: string;
  /** Who decided: an API key's name, a JWT subject, or the CLI's user. */
  actor: string;
}

const problem = (code: UserError['code'], message: string, field: string | null = null): UserError => ({
  code,
  message,
  field: field ? ['input', field] : null,
});

/**
 * An operator settles an entry the gateway could not: UNKNOWN or NEEDS_ATTENTION becomes
 * SUCCEEDED (the vendor has it) or NOT_APPLIED (it does not; the key may then be sent
 * again). One compare-and-set against the version read, with an audit record of who,
 * when, why and the state it replaced.
 */
export async function resolveLedgerEntry(deps: ResolveLedgerEntryDeps, input: ResolveLedgerEntryInput): Promise<Result<LedgerEntry>> {
  const note = input.note.trim();
  if (note === '') return refused([problem('INVALID_INPUT', 'note must say how the outcome was confirmed', 'note')]);
  const entry = await deps.ledger.findById(input.entryId);
  if (!entry) return refused([problem('NOT_FOUND', `no ledger entry ${input.entryId}`, 'entryId')]);
  if (!RESOLVABLE_STATES.includes(entry.state)) {
    return refused([problem('NOT_RESOLVABLE', `entry ${entry.id} is ${entry.state}; only ${RESOLVABLE_STATES.join(' or ')} entries are resolved by hand`, 'entryId')]);
  }
  let result: unknown;
  if (input.outcome === 'SUCCEEDED') {
    if (entry.operation === 'DDS_PLACE_ORDER') {
      const fulfilmentId = input.fulfilmentId?.trim();
      if (!fulfilmentId) return refused([problem('INVALID_INPUT', 'a placed DDS order needs the fulfilment id DDS confirmed', 'fulfilmentId')]);
      result = { fulfilmentId, contentUrl: deps.ddsContentUrl(fulfilmentId), placedAt: entry.createdAt.toISOString() };
    } else {
      result = lineOf(entry);
    }
  }
  const resolved = await deps.ledger.transition({
    id: entry.id,
    from: [entry.state],
    version: entry.version,
    to: input.outcome,
    result,
    note: `resolved by ${input.actor}: ${note}`,
    audit: { actor: input.actor, action: 'resolve', note },
  });
  if (!resolved) {
    deps.lost?.logger.warn({ operation: entry.operation, entryId: entry.id, actor: input.actor }, 'ledger transition lost: the entry changed while an operator resolved it');
    deps.lost?.onLostTransition?.(entry);
    return refused([problem('NOT_RESOLVABLE', `entry ${entry.id} changed while it was being resolved; look at it again`, 'entryId')]);
  }
  return { ok: true, value: resolved };
}
