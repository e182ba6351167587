import { BOKNETT_SIMULATOR_PRODUCTS } from '../../src/vendors/boknett/simulator';
import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import type { CheckoutLineInput, PrepareCheckoutInput } from '../generated/operations';

/** A Norwegian buyer's address (the HL simulator's 203.0.113.0/24): the region-locked asset is refused there. */
export const NORWEGIAN_IP = '203.0.113.7';

const hl = (assetId: number, quantity: number, unitPrice: string, lineItemPrice: string): CheckoutLineInput => ({
  hl: { assetId, quantity, unitPrice, lineItemPrice, customer: 'Agathe Backer Grøndahl' },
});
const dds = (resid: string, priceOre: number, more: { excerpt?: boolean; subscription?: boolean; socialDrm?: boolean } = {}): CheckoutLineInput => ({
  dds: { resid, priceOre, ...more },
});

/**
 * Ten lines, five per vendor, bought by a buyer in Norway who gives no names: line 2 is
 * refused for its minimum quantity, line 4 for its region, line 8 (a book with social DRM)
 * for the missing names. The other seven are accepted.
 */
export function tenLineCart(idempotencyKey: string): PrepareCheckoutInput {
  return {
    idempotencyKey,
    buyer: { ip: NORWEGIAN_IP },
    lines: [
      hl(HL_SIMULATOR_ASSETS.standard, 1, '5.99', '5.99'),
      hl(HL_SIMULATOR_ASSETS.choral, 5, '2.10', '10.50'),
      hl(HL_SIMULATOR_ASSETS.choral, 10, '2.10', '21.00'),
      hl(HL_SIMULATOR_ASSETS.regionLocked, 1, '4.99', '4.99'),
      hl(HL_SIMULATOR_ASSETS.standard, 2, '5.99', '11.98'),
      dds(BOKNETT_SIMULATOR_PRODUCTS.ebook, 18_900),
      dds(BOKNETT_SIMULATOR_PRODUCTS.audiobook, 24_900),
      dds(BOKNETT_SIMULATOR_PRODUCTS.sdrmEbook, 19_900, { socialDrm: true }),
      dds(BOKNETT_SIMULATOR_PRODUCTS.ebook, 4_950, { excerpt: true }),
      dds(BOKNETT_SIMULATOR_PRODUCTS.audiobook, 0, { subscription: true }),
    ],
  };
}

/** Line numbers of the ten-line cart, by verdict. */
export const TEN_LINE_CART = {
  refused: { minimumQuantity: 2, region: 4, socialDrmNames: 8 },
  acceptedHl: [1, 3, 5],
  acceptedDds: [6, 7, 9, 10],
  /** 5.99 + 21.00 + 11.98 USD; 189 + 249 + 49.50 + 0 NOK. */
  totals: [
    { amount: '38.97', currency: 'USD' },
    { amount: '487.50', currency: 'NOK' },
  ],
} as const;
