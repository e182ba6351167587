import type { BoknettClient } from '../vendors/boknett';
import type { HlConnectClient } from '../vendors/hlconnect';
import type { PreparedCheckouts } from './checkout/prepared-checkouts';
import type { ExactlyOnceDeps } from './exactly-once';

/** What the purchase use cases need from the outside world. */
export interface PurchaseDeps {
  hlconnect: HlConnectClient;
  boknett: BoknettClient;
  /** The ledger every vendor mutation goes through. */
  exactlyOnce: ExactlyOnceDeps;
  checkout: {
    /** Most lines one checkout may hold (MAX_CHECKOUT_LINES). */
    maxLines: number;
    /** The checkouts this process created last: completing one skips reading it back (a guess the ledger's compare-and-set checks). */
    prepared?: PreparedCheckouts;
  };
}
