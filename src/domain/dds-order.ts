/** An e-book or audiobook order placed with Boknett DDS, in the graph's words. */
export interface DdsOrder {
  /** The shop's order id, DDS's transaction id: unique per purchase. */
  orderId: string;
  /** The product id in DDS. */
  resid: string;
  /** Price sold for, in Norwegian øre including VAT (NOK 189 → 18900). */
  priceOre: number;
  excerpt: boolean;
  subscription: boolean;
  /** DDS id of the end consumer, when the shop sent one. */
  consumerId: string | null;
  /** DDS's id of the bought resource; never changes; what downloads use. */
  fulfilmentId: string;
  /** Where DDS says the bought resource lives (its `Location`). */
  contentUrl: string;
  /** When the gateway received DDS's confirmation. */
  placedAt: Date;
}

/** Where a content download stands. */
export type DdsDownloadStatus = 'READY' | 'PROCESSING' | 'FAILED';

export interface DdsDownload {
  status: DdsDownloadStatus;
  /** The prepared file, when READY. */
  url: string | null;
  /** Why it FAILED, or a hint while PROCESSING. */
  message: string | null;
  /** Parameters DDS needs before it can start (its 300 answer); empty otherwise. */
  missingParameters: string[];
}

/** One download of a bought resource in one format. */
export interface DdsDownloadRequest {
  fulfilmentId: string;
  /** The wanted format, e.g. `application/epub+zip` or `audio/vnd.bokbasen.complete-public`. */
  type: string;
  /** kbit/s, for audio formats. */
  bitrate: number | null;
}
