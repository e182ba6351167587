import { decimalFromNumber, type Asset, type AssetPage, type Money, type OrderItem, type OrderItemStatus } from '../../domain';
import type { AssetItemWire, AssetsListWire, OrderItemWire } from './wire';

const KNOWN_ITEM_STATUSES: Record<string, OrderItemStatus> = {
  PROCESSING: 'PROCESSING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  CANCELED: 'CANCELLED',
};

export function toItemStatus(vendorStatus: string | null | undefined): OrderItemStatus {
  return KNOWN_ITEM_STATUSES[(vendorStatus ?? '').trim().toUpperCase()] ?? 'UNKNOWN';
}

/** A price as the vendor sent it (a JSON number), exact, in the configured currency. */
function money(amount: number | null | undefined, currency: string): Money | null {
  return amount === null || amount === undefined ? null : { amount: decimalFromNumber(amount), currency };
}

/**
 * One order line in the graph's words. `orderId` falls back to the order asked for when the
 * vendor leaves it out. Prices become Money when read: a query that asks only for statuses
 * (25 orders of several lines each) pays nothing for the decimal text of prices it never shows.
 */
class WireOrderItem implements OrderItem {
  readonly orderId: number;
  readonly orderLineId: number | null;
  readonly assetId: number | null;
  readonly customer: string | null;
  readonly quantity: number | null;
  readonly countryCode: string | null;
  readonly status: OrderItemStatus;
  readonly vendorStatus: string | null;
  readonly downloadUrl: string | null;
  readonly viewUrl: string | null;
  private readonly unitAmount: number | null | undefined;
  private readonly lineAmount: number | null | undefined;

  constructor(
    wire: OrderItemWire,
    orderId: number,
    private readonly currency: string,
  ) {
    this.orderId = wire.order_id ?? orderId;
    this.orderLineId = wire.order_line_id ?? null;
    this.assetId = wire.asset_id ?? null;
    this.customer = wire.customer ?? null;
    // Sold in whole copies: a fraction would be a vendor fault, shown as unknown.
    this.quantity = Number.isSafeInteger(wire.quantity) ? (wire.quantity as number) : null;
    this.countryCode = wire.country_code ?? null;
    this.status = toItemStatus(wire.status);
    this.vendorStatus = wire.status ?? null;
    this.downloadUrl = wire.download_url || null;
    this.viewUrl = wire.view_url || null;
    this.unitAmount = wire.unit_price;
    this.lineAmount = wire.line_item_price;
  }

  get unitPrice(): Money | null {
    return money(this.unitAmount, this.currency);
  }

  get lineItemPrice(): Money | null {
    return money(this.lineAmount, this.currency);
  }
}

export function toOrderItem(wire: OrderItemWire, orderId: number, currency: string): OrderItem {
  return new WireOrderItem(wire, orderId, currency);
}

/** Ids the vendor sends as text or as numbers, as text. */
function idText(value: string | number | null | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A list the vendor may leave out or send as null. */
function listOf<T>(value: T[] | null | undefined): T[] {
  return value ?? [];
}

export function toAsset(w: AssetItemWire, currency: string): Asset {
  return {
    assetId: w.asset_id ?? null,
    formatShortName: w.format_short_name ?? null,
    format: w.format ?? null,
    pageCount: w.page_count ?? null,
    title: w.title ?? null,
    description: w.description ?? null,
    songNumber: idText(w.song_number),
    publicDomain: w.public_domain ?? null,
    externalRef: w.external_ref ?? null,
    externalRefId: idText(w.external_ref_id),
    voicing: w.voicing ?? null,
    performanceTime: w.performance_time ?? null,
    difficultyLevelLow: idText(w.difficulty_level_low),
    difficultyLevelHigh: idText(w.difficulty_level_high),
    minQty: w.min_qty ?? null,
    tempo: idText(w.tempo),
    world: w.world ?? null,
    retailPrice: money(w.retail_price, currency),
    smdId: idText(w.smd_id),
    assetType: w.asset_type ?? null,
    explicit: w.explicit ?? null,
    partable: w.partable ?? null,
    countries: listOf(w.countries),
    instruments: listOf(w.instruments).map((i) => ({ type: i.type ?? null, name: i.name ?? null })),
    categories: listOf(w.categories),
    images: listOf(w.images).map((i) => ({ name: i.name ?? null, url: i.url ?? null })),
    contributors: listOf(w.contributors).map((c) => ({
      isPrimary: c.is_primary ?? null,
      name: c.name ?? null,
      mbid: c.mbid ?? null,
      role: c.role ?? null,
    })),
    keywords: listOf(w.keywords),
    relatedGoods: listOf(w.related_goods).map((g) => ({
      relatedProductId: idText(g.related_product_id),
      groupTypeId: idText(g.group_type_id),
      goodType: g.good_type ?? null,
      sheet: g.sheet ?? null,
      featured: g.featured ?? null,
      primeSrc: g.prime_src ?? null,
    })),
    renderings: listOf(w.renderings).map((r) => ({ type: r.type ?? null, usage: r.usage ?? null })),
    series: listOf(w.series),
    skills: listOf(w.skills),
    usergens: listOf(w.usergens).map((u) => ({
      blackBox: u.black_box ?? null,
      arrangeable: u.arrangeable ?? null,
      vendorProductType: u.vendor_product_type ?? null,
      contentProvider: u.content_provider ?? null,
      adaptationVendor: u.adaptation_vendor ?? null,
      vendorSongId: idText(u.vendor_song_id),
      publisherName: u.publisher_name ?? null,
      sellerId: idText(u.seller_id),
      authorizedPerformers: u.authorized_performers ?? null,
      adaptationProductId: idText(u.adaptation_product_id),
      commissionOverrideRate: u.commission_override_rate ?? null,
      medleyAssets: listOf(u.medley_assets).map((m) => ({
        name: m.name ?? null,
        songCatalogId: idText(m.song_catalog_id),
        hlSongId: idText(m.hl_song_id),
        sequence: m.sequence ?? null,
      })),
    })),
    prices: listOf(w.prices).map((p) => ({ typeId: idText(p.type_id), typeUsage: p.type_usage ?? null, price: money(p.price, currency) })),
    packages: listOf(w.packages).map((p) => ({
      assetId: p.asset_id ?? null,
      instrumentationPartCode: p.instrumentation_part_code ?? null,
      instrumentationPartName: p.instrumentation_part_name ?? null,
      count: p.count ?? null,
      sequence: p.sequence ?? null,
      score: p.score ?? null,
    })),
  };
}

/** Assets without an `asset_id` are left out: they can be neither identified nor bought. */
export function toAssetPage(wire: AssetsListWire, currency: string): AssetPage {
  return {
    assets: listOf(wire.assets)
      .filter((asset) => asset.asset_id !== null && asset.asset_id !== undefined)
      .map((asset) => toAsset(asset, currency)),
    lastId: wire.last_id ?? null,
    hasNextPage: Boolean(wire.next_page),
  };
}
