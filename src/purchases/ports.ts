import type { BoknettClient } from '../vendors/boknett';
import type { HlConnectClient } from '../vendors/hlconnect';

/** What the purchase use cases need from the outside world. */
export interface PurchaseDeps {
  hlconnect: HlConnectClient;
  boknett: BoknettClient;
}
