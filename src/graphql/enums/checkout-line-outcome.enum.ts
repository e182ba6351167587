import { registerEnumType } from 'type-graphql';
import type { CheckoutLineOutcome as DomainOutcome } from '../../purchases';

export const CheckoutLineOutcome = {
  NOT_PURCHASED: 'NOT_PURCHASED',
  NOT_SENT: 'NOT_SENT',
  VALIDATION_EXPIRED: 'VALIDATION_EXPIRED',
  IN_PROGRESS: 'IN_PROGRESS',
  SUCCEEDED: 'SUCCEEDED',
  REJECTED: 'REJECTED',
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
  NEEDS_ATTENTION: 'NEEDS_ATTENTION',
} as const satisfies Record<DomainOutcome, DomainOutcome>;

registerEnumType(CheckoutLineOutcome, {
  name: 'CheckoutLineOutcome',
  description: 'What became of one checkout line, as its purchase ledger entry tells it.',
  valuesConfig: {
    NOT_PURCHASED: { description: 'Refused before payment (`userErrors` say why): never sent; not to be charged.' },
    NOT_SENT: { description: 'Accepted and not sent yet (or the vendor never processed it): `completeCheckout` sends it.' },
    VALIDATION_EXPIRED: { description: 'The HL validation expired before the line was sent: repeat `prepareCheckout` (same input) to validate it again, then `completeCheckout`.' },
    IN_PROGRESS: { description: 'Being sent right now; ask again shortly.' },
    SUCCEEDED: { description: 'The vendor accepted it: `orderItem` or `ddsOrder` lead to the purchase.' },
    REJECTED: { description: 'The vendor refused it; `userErrors` hold its reason. Nothing was bought.' },
    OUTCOME_UNKNOWN: { description: 'The vendor may have it; the gateway asks the vendor after the quiet period. Never sent again meanwhile.' },
    NEEDS_ATTENTION: { description: 'Unknown, and the vendor cannot be asked: an operator confirms it (`resolveLedgerEntry`).' },
  },
});

export type CheckoutLineOutcome = (typeof CheckoutLineOutcome)[keyof typeof CheckoutLineOutcome];
