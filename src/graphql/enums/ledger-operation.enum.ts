import { registerEnumType } from 'type-graphql';
import type { LedgerOperation as DomainLedgerOperation } from '../../ledger';

export const LedgerOperation = {
  HL_REGISTER_PURCHASE: 'HL_REGISTER_PURCHASE',
  HL_CANCEL_ORDER_LINE: 'HL_CANCEL_ORDER_LINE',
  DDS_PLACE_ORDER: 'DDS_PLACE_ORDER',
} as const satisfies Record<DomainLedgerOperation, DomainLedgerOperation>;

registerEnumType(LedgerOperation, { name: 'LedgerOperation', description: 'The vendor mutation a ledger entry records.' });

export type LedgerOperation = (typeof LedgerOperation)[keyof typeof LedgerOperation];
