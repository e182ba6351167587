import { registerEnumType } from 'type-graphql';
import type { UserErrorCode as DomainUserErrorCode } from '../../domain';

export const UserErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  PURCHASE_NOT_ALLOWED: 'PURCHASE_NOT_ALLOWED',
  INVALID_TOKEN: 'INVALID_TOKEN',
  ALREADY_REGISTERED: 'ALREADY_REGISTERED',
  NOT_CANCELLABLE: 'NOT_CANCELLABLE',
  ORDER_ID_IN_USE: 'ORDER_ID_IN_USE',
  BUYER_NAMES_REQUIRED: 'BUYER_NAMES_REQUIRED',
  REJECTED: 'REJECTED',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  IN_PROGRESS: 'IN_PROGRESS',
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
  NEEDS_ATTENTION: 'NEEDS_ATTENTION',
  NOT_RESOLVABLE: 'NOT_RESOLVABLE',
} as const satisfies Record<DomainUserErrorCode, DomainUserErrorCode>;

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation was refused. Stable: clients may switch on it.',
  valuesConfig: {
    INVALID_INPUT: { description: 'The input broke a rule; `field` points at it.' },
    NOT_FOUND: { description: 'The vendor does not know the asset, order or order line.' },
    PURCHASE_NOT_ALLOWED: { description: 'Not sellable to this buyer: region, minimum quantity or availability.' },
    INVALID_TOKEN: { description: 'The validation token is unknown, expired or used: validate again.' },
    ALREADY_REGISTERED: { description: 'This order line was registered before.' },
    NOT_CANCELLABLE: { description: 'The order line is not in a cancellable status.' },
    ORDER_ID_IN_USE: { description: 'Boknett DDS already has an order with this `orderId`; each purchase needs a new one.' },
    BUYER_NAMES_REQUIRED: { description: 'The book has social DRM: send the buyer’s `firstName` and `lastName`.' },
    REJECTED: { description: 'Another refusal by the vendor; the message is the vendor’s.' },
    IDEMPOTENCY_CONFLICT: { description: 'The idempotency key was used before for a different request; nothing was sent.' },
    IN_PROGRESS: { description: 'An identical request is still in flight; ask again shortly. Nothing was sent twice.' },
    OUTCOME_UNKNOWN: {
      description:
        'The vendor may have received the request but did not answer; the gateway asks the vendor after a quiet period and never re-sends meanwhile. Ask again after `retryAfterSeconds`.',
    },
    NEEDS_ATTENTION: { description: 'The outcome is unknown and the vendor cannot be asked; an operator must confirm it. Do not resend under a new key.' },
    NOT_RESOLVABLE: { description: 'The ledger entry is not waiting for an operator (or changed meanwhile): look at it again.' },
  },
});

export type UserErrorCode = (typeof UserErrorCode)[keyof typeof UserErrorCode];
