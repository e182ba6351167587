import type { Secret } from '../../config';
import type { Asset, AssetPage, ComponentHealth, Order, OrderLineRef, Result, ValidationToken } from '../../domain';
import { ok, refused } from '../../domain';
import { parseWire, shownVendorText, unexpectedStatus, type VendorHttpClient, type VendorRequest, type VendorResponse } from '../http';
import { catalogueFieldAt } from './catalogue-fields';
import { conformsTo } from './conforms';
import { toAssetPage, toOrderItem } from './mapping';
import { refusalFor } from './refusals';
import { assetsListWire, healthWire, orderItemsWire, processingFailedWire, urlWire, validationTokenWire, type AssetsListWire, type PurchaseRegisterRequestWire } from './wire';

export interface ValidatePurchaseRequest {
  assetId: number;
  quantity: number;
  customerIp: string;
}

export interface RegisterPurchaseRequest {
  token: string;
  orderNumber: number;
  orderLineId: number;
  lineItemPrice: number;
  unitPrice: number;
  customer: string;
  parts?: { assetId: number; orderLineId: number }[] | null;
}

export interface HlConnectClientOptions {
  http: VendorHttpClient;
  accessToken: Secret;
  /** ISO 4217 code of the vendor's prices, which HL Connect does not state. Default `USD`. */
  currency?: string;
  /** Told of each optional catalogue field read as null because the vendor sent another type. */
  onFieldDropped?: (event: DroppedField) => void;
}

export interface DroppedField {
  vendor: 'HL_CONNECT';
  operation: string;
  /** The wire field's name, nested names joined with dots: `related_goods.prime_src`. */
  field: string;
}

const VENDOR = 'HL_CONNECT' as const;

const conformsToAssetsList = conformsTo(assetsListWire);

/** Register and cancel answer 201 with an empty body; other success statuses are accepted too. */
const ACCEPTED = new Set([200, 201, 204]);

/**
 * HL Connect's eight operations. Speaks snake_case on the wire and the graph's domain
 * types to its callers; business refusals come back as `Result` values, faults as
 * thrown UpstreamErrors.
 */
export class HlConnectClient {
  private readonly http: VendorHttpClient;
  private readonly authorization: string;
  private readonly credential: Record<string, string>;
  /** ISO 4217 code of the vendor's prices (configuration: the vendor does not state it). */
  readonly currency: string;
  private readonly onFieldDropped: (event: DroppedField) => void;

  constructor(options: HlConnectClientOptions) {
    this.http = options.http;
    this.onFieldDropped = options.onFieldDropped ?? (() => {});
    this.currency = options.currency ?? 'USD';
    this.authorization = `Bearer ${options.accessToken.reveal()}`;
    this.credential = { authorization: this.authorization };
  }

  async validatePurchase(input: ValidatePurchaseRequest): Promise<Result<ValidationToken>> {
    const operation = 'validatePurchase';
    const response = await this.call({
      operation,
      method: 'POST',
      idempotent: false,
      path: 'purchase/validate-purchase-before-payment',
      json: { asset_id: input.assetId, customer_ip: input.customerIp, quantity: input.quantity },
    });
    if (response.status === 200) {
      const wire = parseWire(validationTokenWire, response, VENDOR, operation);
      return ok({ token: wire.token, expiresAt: new Date(wire.exp_date * 1000) });
    }
    return this.refusalOrThrow(operation, response, [input.customerIp]);
  }

  /** Not idempotent: never re-sent here. Success only starts fulfilment; read `orderInfo` for the outcome. */
  async registerPurchase(input: RegisterPurchaseRequest): Promise<Result<OrderLineRef>> {
    const operation = 'registerPurchase';
    const body: PurchaseRegisterRequestWire = {
      token: input.token,
      order_number: input.orderNumber,
      order_line_id: input.orderLineId,
      line_item_price: input.lineItemPrice,
      unit_price: input.unitPrice,
      customer: input.customer,
    };
    if (input.parts && input.parts.length > 0) {
      body.parts = input.parts.map((part) => ({ asset_id: part.assetId, order_line_id: part.orderLineId }));
    }
    const response = await this.call({ operation, method: 'POST', idempotent: false, path: 'purchase/register', json: body });
    if (ACCEPTED.has(response.status)) {
      return ok({ orderId: input.orderNumber, orderLineId: input.orderLineId });
    }
    return this.refusalOrThrow(operation, response, [input.customer]);
  }

  /** The order, or null when the vendor does not know it (404). */
  async orderInfo(orderId: number): Promise<Order | null> {
    const operation = 'purchaseInfo';
    const response = await this.call({
      operation,
      method: 'GET',
      idempotent: true,
      path: 'purchase/info',
      query: { order_id: orderId },
      // The documented "processing failed" answer is the order's outcome, not a vendor in trouble.
      businessAnswer: (answer) => answer.status === 502 && processingFailedWire.safeParse(answer.json).success,
    });
    switch (response.status) {
      case 200: {
        const items = parseWire(orderItemsWire, response, VENDOR, operation).map((item) => toOrderItem(item, orderId, this.currency));
        // A 200 may list lines still at work: the order is finished only when none is.
        const status = items.some((item) => item.status === 'PROCESSING') ? 'PROCESSING' : 'COMPLETED';
        return { orderId, status, failureMessage: null, items };
      }
      case 202:
        return { orderId, status: 'PROCESSING', failureMessage: null, items: [] };
      case 404:
        return null;
      case 502: {
        // The vendor's documented "processing failed" answer carries {status, message};
        // a 502 without it is a gateway in front of the vendor failing.
        const failed = processingFailedWire.safeParse(response.json);
        if (!failed.success) throw unexpectedStatus(response, VENDOR, operation);
        const message = shownVendorText(failed.data.message, this.http.secrets) ?? 'Order processing failed.';
        return { orderId, status: 'FAILED', failureMessage: message, items: [] };
      }
      default:
        throw unexpectedStatus(response, VENDOR, operation);
    }
  }

  /** Not idempotent in effect: never re-sent here. */
  async cancelOrderLine(line: OrderLineRef): Promise<Result<OrderLineRef>> {
    const operation = 'cancelOrderLine';
    const response = await this.call({
      operation,
      method: 'DELETE',
      idempotent: false,
      path: 'purchase/cancel',
      query: { order_id: line.orderId, order_line_id: line.orderLineId },
    });
    if (ACCEPTED.has(response.status)) return ok(line);
    return this.refusalOrThrow(operation, response);
  }

  /** A fresh, time-limited download URL, or null when the vendor has none for this line (404). */
  downloadUrl(line: OrderLineRef): Promise<string | null> {
    return this.lineUrl('purchaseDownloadUrl', 'purchase/download-url', line);
  }

  /** A fresh, time-limited viewer URL, or null when the vendor has none for this line (404). */
  viewUrl(line: OrderLineRef): Promise<string | null> {
    return this.lineUrl('purchaseViewUrl', 'purchase/view-url', line);
  }

  async listAssets(page: { pageSize: number; lastId?: number | null }): Promise<AssetPage> {
    const operation = 'assetsList';
    const response = await this.call({
      operation,
      method: 'GET',
      idempotent: true,
      path: 'assets/list',
      query: { page_size: page.pageSize, last_id: page.lastId ?? undefined },
    });
    if (response.status !== 200) throw unexpectedStatus(response, VENDOR, operation);
    // A page as the schema wants it is read as parsed; only a page with issues goes through zod,
    // which names them, drops what is optional and fails the rest.
    const wire = conformsToAssetsList(response.json)
      ? (response.json as AssetsListWire)
      : parseWire(assetsListWire, response, VENDOR, operation, {
          optionalFieldAt: catalogueFieldAt,
          onDropped: (field) => this.onFieldDropped({ vendor: VENDOR, operation, field }),
        });
    return toAssetPage(wire, this.currency);
  }

  /**
   * One catalogue asset, or null when there is none with this id. The vendor has no read
   * by id: its list pages by ascending `asset_id` after `last_id`, so the first asset after
   * `assetId - 1` is this one when it exists.
   */
  async asset(assetId: number): Promise<Asset | null> {
    const page = await this.listAssets({ pageSize: 1, lastId: assetId - 1 });
    const first = page.assets[0];
    return first?.assetId === assetId ? first : null;
  }

  async health(): Promise<ComponentHealth[]> {
    const operation = 'health';
    const response = await this.http.request({ operation, method: 'GET', idempotent: true, path: 'health' });
    if (response.status !== 200) throw unexpectedStatus(response, VENDOR, operation);
    return parseWire(healthWire, response, VENDOR, operation).map((c) => ({
      vendor: VENDOR,
      component: c.name,
      healthy: c.health,
    }));
  }

  private async lineUrl(operation: string, path: string, line: OrderLineRef): Promise<string | null> {
    const response = await this.call({
      operation,
      method: 'GET',
      idempotent: true,
      path,
      query: { order_id: line.orderId, order_line_id: line.orderLineId },
    });
    if (response.status === 404) return null;
    if (response.status !== 200) throw unexpectedStatus(response, VENDOR, operation);
    return parseWire(urlWire, response, VENDOR, operation).url;
  }

  /** Every caller here builds a fresh request: the credential is added in place rather than by a copy per call. */
  private call(request: VendorRequest): Promise<VendorResponse> {
    request.headers = request.headers ? { authorization: this.authorization, ...request.headers } : this.credential;
    return this.http.request(request);
  }

  /** `personal`: what the request said of the buyer, kept out of the logged refusal. */
  private refusalOrThrow(
    operation: 'validatePurchase' | 'registerPurchase' | 'cancelOrderLine',
    response: VendorResponse,
    personal: readonly (string | null | undefined)[] = [],
  ): Result<never> {
    const refusal = refusalFor(operation, response, this.http.secrets);
    if (refusal) {
      this.http.noteRefusal(operation, response, personal);
      return refused([refusal]);
    }
    throw unexpectedStatus(response, VENDOR, operation);
  }
}
