import type { Money } from './money';

/** A catalogue record of HL Connect, in the graph's words. Every field may be absent. */
export interface Asset {
  assetId: number | null;
  formatShortName: string | null;
  format: string | null;
  pageCount: number | null;
  title: string | null;
  description: string | null;
  songNumber: string | null;
  publicDomain: boolean | null;
  externalRef: string | null;
  externalRefId: string | null;
  voicing: string | null;
  performanceTime: number | null;
  difficultyLevelLow: string | null;
  difficultyLevelHigh: string | null;
  minQty: number | null;
  tempo: string | null;
  world: boolean | null;
  retailPrice: Money | null;
  smdId: string | null;
  assetType: string | null;
  explicit: boolean | null;
  partable: boolean | null;
  countries: string[];
  instruments: { type: string | null; name: string | null }[];
  categories: string[];
  images: { name: string | null; url: string | null }[];
  contributors: { isPrimary: boolean | null; name: string | null; mbid: string | null; role: string | null }[];
  keywords: string[];
  relatedGoods: {
    relatedProductId: string | null;
    groupTypeId: string | null;
    goodType: string | null;
    sheet: boolean | null;
    featured: boolean | null;
    primeSrc: boolean | null;
  }[];
  renderings: { type: string | null; usage: string | null }[];
  series: string[];
  skills: string[];
  usergens: AssetUsergen[];
  prices: { typeId: string | null; typeUsage: string | null; price: Money | null }[];
  packages: {
    assetId: number | null;
    instrumentationPartCode: string | null;
    instrumentationPartName: string | null;
    count: number | null;
    sequence: number | null;
    score: boolean | null;
  }[];
}

/** User-generated content data of an asset (the vendor's `UsergenItem`). */
export interface AssetUsergen {
  blackBox: boolean | null;
  arrangeable: boolean | null;
  vendorProductType: string | null;
  contentProvider: string | null;
  adaptationVendor: string | null;
  vendorSongId: string | null;
  publisherName: string | null;
  sellerId: string | null;
  authorizedPerformers: number | null;
  adaptationProductId: string | null;
  /** A decimal rate, e.g. 0.15. */
  commissionOverrideRate: number | null;
  medleyAssets: { name: string | null; songCatalogId: string | null; hlSongId: string | null; sequence: number | null }[];
}

export interface AssetPage {
  assets: Asset[];
  /** The vendor's paging key: the last asset id of this page. */
  lastId: number | null;
  hasNextPage: boolean;
}
