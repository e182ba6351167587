import { registerEnumType } from 'type-graphql';
import type { CheckoutState as DomainCheckoutState } from '../../ledger';

export const CheckoutState = {
  PREPARED: 'PREPARED',
  COMPLETING: 'COMPLETING',
  COMPLETED: 'COMPLETED',
} as const satisfies Record<DomainCheckoutState, DomainCheckoutState>;

registerEnumType(CheckoutState, {
  name: 'CheckoutState',
  description: 'Where a two-phase checkout stands.',
  valuesConfig: {
    PREPARED: { description: 'Validated before payment; nothing bought yet.' },
    COMPLETING: { description: 'Paid (`completeCheckout` fixed the payment reference and order number); some line is not finished yet.' },
    COMPLETED: { description: 'Every accepted line SUCCEEDED or was REJECTED by its vendor; a repeat sends nothing.' },
  },
});

export type CheckoutState = (typeof CheckoutState)[keyof typeof CheckoutState];
