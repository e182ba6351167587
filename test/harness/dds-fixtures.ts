import type { PlaceDdsOrderInput } from '../generated/operations';
import { BOKNETT_SIMULATOR_PRODUCTS } from '../../src/vendors/boknett/simulator';

export const DDS_PRODUCTS = BOKNETT_SIMULATOR_PRODUCTS;

let serial = 0;

/** A valid order for the e-book without social DRM, with a fresh orderId unless given. */
export function ddsOrderInput(overrides: Partial<PlaceDdsOrderInput> = {}): PlaceDdsOrderInput {
  serial += 1;
  return { orderId: `shop-${process.pid}-${serial}`, resid: DDS_PRODUCTS.ebook, priceOre: 18_900, ...overrides };
}

/** A clock a test moves by hand, starting now. */
export function manualClock() {
  let ms = Date.now();
  return {
    now: () => ms,
    advance(byMs: number) {
      ms += byMs;
    },
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
