import { registerEnumType } from 'type-graphql';
import type { LedgerState as DomainLedgerState } from '../../ledger';

export const LedgerState = {
  PENDING: 'PENDING',
  SUCCEEDED: 'SUCCEEDED',
  REJECTED: 'REJECTED',
  NOT_APPLIED: 'NOT_APPLIED',
  UNKNOWN: 'UNKNOWN',
  NEEDS_ATTENTION: 'NEEDS_ATTENTION',
} as const satisfies Record<DomainLedgerState, DomainLedgerState>;

registerEnumType(LedgerState, {
  name: 'LedgerState',
  description: 'Where a vendor mutation stands in the purchase ledger.',
  valuesConfig: {
    PENDING: { description: 'Written before the vendor call; the call is or was in flight.' },
    SUCCEEDED: { description: 'The vendor accepted; `result` holds its answer.' },
    REJECTED: { description: 'The vendor refused; `result` holds the userErrors. Nothing happened.' },
    NOT_APPLIED: { description: 'The call never took effect; the same key may be sent again.' },
    UNKNOWN: { description: 'The call may have reached the vendor but no answer came; being reconciled.' },
    NEEDS_ATTENTION: { description: 'Unknown, and the vendor cannot be asked: an operator must confirm it.' },
  },
});

export type LedgerState = (typeof LedgerState)[keyof typeof LedgerState];
