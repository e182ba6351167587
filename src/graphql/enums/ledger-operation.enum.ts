import { registerEnumType } from 'type-graphql';
import type { LedgerOperation as DomainLedgerOperation } from '../../ledger';

export const LedgerOperation = {
  HL_REGISTER_PURCHASE: 'HL_REGISTER_PURCHASE',
  HL_CANCEL_ORDER_LINE: 'HL_CANCEL_ORDER_LINE',
  DDS_PLACE_ORDER: 'DDS_PLACE_ORDER',
} as const satisfies Record<DomainLedgerOperation, DomainLedgerOperation>;

registerEnumType(LedgerOperation, {
  name: 'LedgerOperation',
  description: 'The vendor mutation a ledger entry records.',
  valuesConfig: {
    HL_REGISTER_PURCHASE: { description: 'An HL Connect order line registered (`registerPurchase`, or an HL line of `completeCheckout`).' },
    HL_CANCEL_ORDER_LINE: { description: 'An HL Connect order line cancelled (`cancelOrderLine`).' },
    DDS_PLACE_ORDER: { description: 'A Boknett DDS order placed (`placeDdsOrder`, or a DDS line of `completeCheckout`).' },
  },
});

export type LedgerOperation = (typeof LedgerOperation)[keyof typeof LedgerOperation];
