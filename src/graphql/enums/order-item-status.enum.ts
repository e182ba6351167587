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
    CANCELLED: { description: 'The line was cancelled.' },
    UNKNOWN: { description: 'A status this gateway does not know yet; see `vendorStatus`.' },
  },
});

export type OrderItemStatus = (typeof OrderItemStatus)[keyof typeof OrderItemStatus];
