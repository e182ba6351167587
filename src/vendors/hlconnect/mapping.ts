import { decimalFromNumber, type Asset, type Decimal, type AssetPage, type AssetUsergen, type Money, type OrderItem, type OrderItemStatus } from '../../domain';
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

/**
 * Decimal texts of the prices seen lately. A catalogue has few distinct prices and every page
 * shows them again (150 on a page of 50 assets): a lookup instead of a number's conversion to
 * text each time. Bounded: emptied when full.
 */
const decimalTexts = new Map<number, Decimal>();
const DECIMAL_TEXTS_KEPT = 1_000;

function decimalText(amount: number): Decimal {
  let text = decimalTexts.get(amount);
  if (text === undefined) {
    if (decimalTexts.size >= DECIMAL_TEXTS_KEPT) decimalTexts.clear();
    text = decimalFromNumber(amount);
    decimalTexts.set(amount, text);
  }
  return text;
}

/** A price as the vendor sent it (a JSON number), exact, in the configured currency. */
function money(amount: number | null | undefined, currency: string): Money | null {
  return amount === null || amount === undefined ? null : { amount: decimalText(amount), currency };
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

/**
 * One catalogue record in the graph's words. Its fields are read off the validated wire
 * record, and its prices and lists are built when read: a page of 50 assets whose query asks
 * for a few fields no longer maps every instrument, image, related good, usergen and package
 * of every asset (nor formats prices it never shows). Each read builds a fresh value.
 */
class WireAsset implements Asset {
  constructor(
    private readonly w: AssetItemWire,
    private readonly currency: string,
  ) {}

  get assetId(): number | null {
    return this.w.asset_id ?? null;
  }
  get formatShortName(): string | null {
    return this.w.format_short_name ?? null;
  }
  get format(): string | null {
    return this.w.format ?? null;
  }
  get pageCount(): number | null {
    return this.w.page_count ?? null;
  }
  get title(): string | null {
    return this.w.title ?? null;
  }
  get description(): string | null {
    return this.w.description ?? null;
  }
  get songNumber(): string | null {
    return idText(this.w.song_number);
  }
  get publicDomain(): boolean | null {
    return this.w.public_domain ?? null;
  }
  get externalRef(): string | null {
    return this.w.external_ref ?? null;
  }
  get externalRefId(): string | null {
    return idText(this.w.external_ref_id);
  }
  get voicing(): string | null {
    return this.w.voicing ?? null;
  }
  get performanceTime(): number | null {
    return this.w.performance_time ?? null;
  }
  get difficultyLevelLow(): string | null {
    return idText(this.w.difficulty_level_low);
  }
  get difficultyLevelHigh(): string | null {
    return idText(this.w.difficulty_level_high);
  }
  get minQty(): number | null {
    return this.w.min_qty ?? null;
  }
  get tempo(): string | null {
    return idText(this.w.tempo);
  }
  get world(): boolean | null {
    return this.w.world ?? null;
  }
  get retailPrice(): Money | null {
    return money(this.w.retail_price, this.currency);
  }
  get smdId(): string | null {
    return idText(this.w.smd_id);
  }
  get assetType(): string | null {
    return this.w.asset_type ?? null;
  }
  get explicit(): boolean | null {
    return this.w.explicit ?? null;
  }
  get partable(): boolean | null {
    return this.w.partable ?? null;
  }
  get countries(): string[] {
    return listOf(this.w.countries);
  }
  get instruments(): Asset['instruments'] {
    return listOf(this.w.instruments).map((i) => ({ type: i.type ?? null, name: i.name ?? null }));
  }
  get categories(): string[] {
    return listOf(this.w.categories);
  }
  get images(): Asset['images'] {
    return listOf(this.w.images).map((i) => ({ name: i.name ?? null, url: i.url ?? null }));
  }
  get contributors(): Asset['contributors'] {
    return listOf(this.w.contributors).map((c) => ({
      isPrimary: c.is_primary ?? null,
      name: c.name ?? null,
      mbid: c.mbid ?? null,
      role: c.role ?? null,
    }));
  }
  get keywords(): string[] {
    return listOf(this.w.keywords);
  }
  get relatedGoods(): Asset['relatedGoods'] {
    return listOf(this.w.related_goods).map((g) => ({
      relatedProductId: idText(g.related_product_id),
      groupTypeId: idText(g.group_type_id),
      goodType: g.good_type ?? null,
      sheet: g.sheet ?? null,
      featured: g.featured ?? null,
      primeSrc: g.prime_src ?? null,
    }));
  }
  get renderings(): Asset['renderings'] {
    return listOf(this.w.renderings).map((r) => ({ type: r.type ?? null, usage: r.usage ?? null }));
  }
  get series(): string[] {
    return listOf(this.w.series);
  }
  get skills(): string[] {
    return listOf(this.w.skills);
  }
  get usergens(): AssetUsergen[] {
    return listOf(this.w.usergens).map((u) => ({
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
    }));
  }
  get prices(): Asset['prices'] {
    return listOf(this.w.prices).map((p) => ({ typeId: idText(p.type_id), typeUsage: p.type_usage ?? null, price: money(p.price, this.currency) }));
  }
  get packages(): Asset['packages'] {
    return listOf(this.w.packages).map((p) => ({
      assetId: p.asset_id ?? null,
      instrumentationPartCode: p.instrumentation_part_code ?? null,
      instrumentationPartName: p.instrumentation_part_name ?? null,
      count: p.count ?? null,
      sequence: p.sequence ?? null,
      score: p.score ?? null,
    }));
  }
}

export function toAsset(w: AssetItemWire, currency: string): Asset {
  return new WireAsset(w, currency);
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
