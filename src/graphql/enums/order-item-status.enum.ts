import { registerEnumType } from 'type-graphql';
import type { OrderItemStatus as DomainOrderItemStatus } from '../../domain';

export const OrderItemStatus = {
  PROCESSING: 'PROCESSING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  UNKNOWN: 'UNKNOWN',
} as const satisfies Record<DomainOrderItemStatus, DomainOrderItemStatus>;

registerEnumType(OrderItemStatus, {
  name: 'OrderItemStatus',
  description: 'Status of one order line.',
  valuesConfig: {
    PROCESSING: { description: 'Registered; HL Connect is still fulfilling it. No links yet.' },
    COMPLETED: { description: 'Fulfilled: its download and view links can be fetched (they are time-limited).' },
    FAILED: { description: 'Fulfilment failed at the vendor. No links.' },
    CANCELLED: { description: 'The line was cancelled.' },
    UNKNOWN: { description: 'A status this gateway does not know yet; see `vendorStatus`.' },
  },
});

export type OrderItemStatus = (typeof OrderItemStatus)[keyof typeof OrderItemStatus];
