import type { Logger } from 'pino';
import { GraphQLError } from 'graphql';
import type { Ledger } from '../ledger';
import { FINAL_OUTCOMES, readCheckout, type CheckoutView } from '../purchases';
import { PollFeed } from '../subscriptions/poll-feed';
import { ErrorCode } from './errors/error-codes';

export type CheckoutUpdates = PollFeed<CheckoutView>;

/** What a subscriber is told for a checkout it may not see, or that does not exist: the same, so nothing leaks. */
export const checkoutNotFound = (): GraphQLError => new GraphQLError('This caller has no checkout with this id.', { extensions: { code: ErrorCode.CHECKOUT_NOT_FOUND } });

/** Nothing more will change by itself: every line is bought, refused by the vendor, or was refused before payment. */
export const isCheckoutSettled = (view: CheckoutView): boolean => view.lines.every((line) => FINAL_OUTCOMES.includes(line.outcome));

/**
 * `checkoutUpdated`'s source: one ledger poll loop per checkout id in this process (the checkout
 * and its lines' entries are changed by any replica and by the ledger worker, so the database
 * is read). A change is a change of the checkout's state or of any line's outcome.
 */
export function createCheckoutUpdates(ledger: Ledger, hlCurrency: string, options: { intervalMs: number; logger: Logger }): CheckoutUpdates {
  return new PollFeed<CheckoutView>({
    subject: 'checkout',
    read: async (checkoutId) => {
      const checkout = await ledger.findCheckout(checkoutId);
      return checkout && readCheckout(ledger, hlCurrency, checkout);
    },
    stateKey: (view) => `${view.state} ${view.lines.map((line) => line.outcome).join(',')}`,
    isFinal: isCheckoutSettled,
    notFound: checkoutNotFound,
    ...options,
  });
}
