import type { Money } from './money';

/** A sheet-music purchase order as HL Connect reports it, in the graph's words. */
export type OrderStatus = 'PROCESSING' | 'COMPLETED' | 'FAILED';

/** Documented line statuses, `CANCELLED` after a cancel, `UNKNOWN` for anything new. */
export type OrderItemStatus = 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'UNKNOWN';

export interface Order {
  orderId: number;
  status: OrderStatus;
  failureMessage: string | null;
  items: OrderItem[];
}

export interface OrderItem {
  orderId: number;
  orderLineId: number | null;
  assetId: number | null;
  customer: string | null;
  /** In HL Connect's currency (HLCONNECT_CURRENCY). */
  unitPrice: Money | null;
  /** Total for the quantity. */
  lineItemPrice: Money | null;
  /** Whole copies; null when the vendor sent none (or a fraction). */
  quantity: number | null;
  countryCode: string | null;
  status: OrderItemStatus;
  /** The vendor's own status word, kept for statuses the graph does not know yet. */
  vendorStatus: string | null;
  /** Inlined by the vendor once completed; otherwise fetched on demand. */
  downloadUrl: string | null;
  viewUrl: string | null;
}

export interface OrderLineRef {
  orderId: number;
  orderLineId: number;
}

export interface ValidationToken {
  token: string;
  expiresAt: Date;
}
