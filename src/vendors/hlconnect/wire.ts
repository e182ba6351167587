import { z } from 'zod';

/**
 * HL Connect's JSON as it travels (snake_case). Nothing outside this folder reads these
 * shapes. Optional fields accept null too; fields whose type the vendor does not pin
 * down (ids that may be strings or numbers) accept both.
 */
const text = z.string().nullish();
const int = z.number().int().nullish();
const num = z.number().nullish();
const bool = z.boolean().nullish();
/** An id the vendor sends as text or as a number; the mapping reads it as text. */
const looseId = z.union([z.string(), z.number()]).nullish();
/** A list that may be missing or null; the mapping reads that as empty. */
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish();
// No zod transforms here: they take zod off its fast path (40 % slower on a page of assets);
// the mapping, which reads every field anyway, does the coercion.

export const errorResponseWire = z
  .object({ name: z.string().nullish(), message: z.string().nullish(), code: z.union([z.number(), z.string()]).nullish(), status: z.number().nullish() })
  .partial();

/** The latest instant a JavaScript Date holds, in Unix seconds: a later `exp_date` is no time at all. */
const MAX_UNIX_SECONDS = 8_640_000_000_000 / 1000;

/** `exp_date` is an int of Unix seconds (the contract): anything else is an answer we cannot trust. */
export const validationTokenWire = z.object({ token: z.string().min(1), exp_date: z.number().int().min(0).max(MAX_UNIX_SECONDS) });

export const orderItemWire = z.object({
  order_id: int,
  order_line_id: int,
  asset_id: int,
  customer: text,
  unit_price: num,
  line_item_price: num,
  quantity: num,
  country_code: text,
  download_url: text,
  view_url: text,
  status: text,
});
export const orderItemsWire = z.array(orderItemWire);

export const processingWire = z.object({ status: z.string().nullish() }).nullish();
/** The documented "processing failed" body: at least one of its two fields must be there. */
/**
 * The documented "processing failed" answer, `{status, message}`: `status` is what tells it from a
 * proxy's or load balancer's own 502 (`{"message": "Internal server error"}`), which is re-sent.
 */
export const processingFailedWire = z.object({ status: z.string().min(1), message: z.string().nullish() });

export const urlWire = z.object({ url: z.string().min(1) });

/** `UsergenItem` as the vendor's SDK declares it. */
const usergenItemWire = z.object({
  black_box: bool,
  arrangeable: bool,
  vendor_product_type: text,
  content_provider: text,
  adaptation_vendor: text,
  vendor_song_id: looseId,
  publisher_name: text,
  seller_id: looseId,
  authorized_performers: int,
  adaptation_product_id: looseId,
  commission_override_rate: num,
  medley_assets: list(z.object({ name: text, song_catalog_id: looseId, hl_song_id: looseId, sequence: num })),
});

/**
 * The catalogue record. Types follow the vendor's SDK (API 0.2); ids typed differently
 * by its two sources are read as text or number. The client reads it leniently: an
 * optional field of another type becomes null (see `catalogueFieldAt`).
 */
export const assetItemWire = z.object({
  asset_id: int,
  format_short_name: text,
  format: text,
  page_count: int,
  title: text,
  description: text,
  song_number: looseId,
  public_domain: bool,
  external_ref: text,
  external_ref_id: looseId,
  voicing: text,
  performance_time: num,
  difficulty_level_low: looseId,
  difficulty_level_high: looseId,
  min_qty: int,
  tempo: looseId,
  world: bool,
  retail_price: num,
  smd_id: looseId,
  asset_type: text,
  explicit: bool,
  partable: bool,
  countries: list(z.string()),
  instruments: list(z.object({ type: text, name: text })),
  categories: list(z.string()),
  images: list(z.object({ name: text, url: text })),
  contributors: list(z.object({ is_primary: bool, name: text, mbid: text, role: text })),
  keywords: list(z.string()),
  related_goods: list(z.object({ related_product_id: looseId, group_type_id: looseId, good_type: text, sheet: bool, featured: bool, prime_src: bool })),
  renderings: list(z.object({ type: text, usage: text })),
  series: list(z.string()),
  skills: list(z.string()),
  usergens: list(usergenItemWire),
  prices: list(z.object({ type_id: looseId, type_usage: text, price: num })),
  packages: list(
    z.object({
      asset_id: int,
      instrumentation_part_code: text,
      instrumentation_part_name: text,
      count: num,
      sequence: num,
      score: bool,
    }),
  ),
});

export const assetsListWire = z.object({
  assets: list(assetItemWire),
  last_id: int,
  next_page: text,
});

export const healthWire = z.array(z.object({ name: z.string(), health: z.boolean() }));

export type OrderItemWire = z.output<typeof orderItemWire>;
export type AssetItemWire = z.output<typeof assetItemWire>;
export type AssetsListWire = z.output<typeof assetsListWire>;

/** Body of POST /purchase/register. */
export interface PurchaseRegisterRequestWire {
  token: string;
  order_number: number;
  order_line_id: number;
  line_item_price: number;
  unit_price: number;
  customer: string;
  parts?: { asset_id: number; order_line_id: number }[];
}
