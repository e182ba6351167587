/** The products the simulator knows, as the inventory service would list them. */

export type ProductKind = 'ebook' | 'audiobook';

export interface CatalogueProduct {
  resid: string;
  title: string;
  kind: ProductKind;
  /** Social DRM: the order must carry the buyer's first and last name. */
  sdrm: boolean;
  /** Downloads of this product end in `FAILED`. */
  failsDownload: boolean;
}

export const BOKNETT_SIMULATOR_PRODUCTS = {
  /** The published example of a book without social DRM. */
  ebook: 'fab4599e-eb2e-445a-a7f9-4af12c052dec',
  /** The published example of a book with social DRM (names required). */
  sdrmEbook: '18C8075F-C8B9-4029-9747-7C7F2CFB5CFA',
  audiobook: '6b3f0c2e-4d1a-4e7b-9a58-2c7e1f0d9b34',
  /** An e-book whose downloads always end in `FAILED`. */
  failingDownload: 'c0ffee00-5a1e-4bad-9d0e-000000000f41',
} as const;

export const PRODUCTS: readonly CatalogueProduct[] = [
  { resid: BOKNETT_SIMULATOR_PRODUCTS.ebook, title: 'Sandbox e-book', kind: 'ebook', sdrm: false, failsDownload: false },
  { resid: BOKNETT_SIMULATOR_PRODUCTS.sdrmEbook, title: 'Sandbox e-book with social DRM', kind: 'ebook', sdrm: true, failsDownload: false },
  { resid: BOKNETT_SIMULATOR_PRODUCTS.audiobook, title: 'Sandbox audiobook', kind: 'audiobook', sdrm: false, failsDownload: false },
  { resid: BOKNETT_SIMULATOR_PRODUCTS.failingDownload, title: 'Sandbox e-book that fails to download', kind: 'ebook', sdrm: false, failsDownload: true },
];

const BY_RESID = new Map(PRODUCTS.map((p) => [p.resid.toLowerCase(), p]));

/** Looks a product up by resid, ignoring case (DDS examples use both cases). */
export function findProduct(resid: string): CatalogueProduct | undefined {
  return BY_RESID.get(resid.toLowerCase());
}

export const EBOOK_TYPES = ['application/epub+zip', 'application/pdf'] as const;
export const AUDIO_TYPES = ['audio/vnd.bokbasen.complete-public', 'audio/vnd.bokbasen.preview'] as const;
export const AUDIO_BITRATES = [64, 128] as const;

/** The download formats (`type` values) a product offers. */
export function contentTypesFor(product: CatalogueProduct): readonly string[] {
  return product.kind === 'audiobook' ? AUDIO_TYPES : EBOOK_TYPES;
}

export function isAudioType(type: string): boolean {
  return type.startsWith('audio/');
}
