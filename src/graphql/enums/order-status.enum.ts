import { registerEnumType } from 'type-graphql';
import type { OrderStatus as DomainOrderStatus } from '../../domain';

export const OrderStatus = {
  PROCESSING: 'PROCESSING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
} as const satisfies Record<DomainOrderStatus, DomainOrderStatus>;

registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Where the vendor is with an order as a whole.',
  valuesConfig: {
    PROCESSING: { description: 'Fulfilment is still running; ask again shortly.' },
    COMPLETED: { description: 'Fulfilment finished; items carry their links.' },
    FAILED: { description: 'Fulfilment failed; `failureMessage` says why.' },
  },
});

export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];
