import type { DdsDownload, DdsDownloadRequest, DdsOrder } from '../../domain';
import { shownVendorText } from '../http';
import type { DownloadStatusWire, MoreParametersWire, OrderRequestWire } from './wire';

/** What the gateway asks DDS to sell, in the graph's words. */
export interface PlaceDdsOrderRequest {
  orderId: string;
  resid: string;
  priceOre: number;
  consumerId: string | null;
  firstName: string | null;
  lastName: string | null;
  excerpt: boolean;
  /** Placed through the subscription variant (`order/subscription`), which has no excerpt. */
  subscription: boolean;
}

export function toOrderWire(order: PlaceDdsOrderRequest): OrderRequestWire {
  const wire: OrderRequestWire = { orderid: order.orderId, resid: order.resid, spd: String(order.priceOre) };
  if (order.consumerId !== null) wire.id = order.consumerId;
  if (order.firstName !== null) wire.firstname = order.firstName;
  if (order.lastName !== null) wire.lastname = order.lastName;
  if (!order.subscription) wire.excerpt = order.excerpt;
  return wire;
}

/** Ids DDS hands out are UUID-like; anything outside this set is not one we will put in a path. */
const FULFILMENT_ID = /^[A-Za-z0-9._~-]{1,200}$/;

/**
 * The fulfilment id in an order's `Location` (`…/content/{fulfilmentId}` on the API's
 * origin), with the absolute content URL; undefined when the header is missing, not of
 * that form, or on another host.
 */
export function contentLocation(location: string | string[] | undefined, base: string): { fulfilmentId: string; contentUrl: string } | undefined {
  const raw = (Array.isArray(location) ? location[0] : location)?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return undefined;
  }
  // On the API's own origin only: the URL is handed to callers and later receives credentials.
  if (url.origin !== new URL(base).origin) return undefined;
  const segment = /\/content\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (!segment) return undefined;
  let fulfilmentId: string;
  try {
    fulfilmentId = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return FULFILMENT_ID.test(fulfilmentId) ? { fulfilmentId, contentUrl: url.href } : undefined;
}

export function toDdsOrder(order: PlaceDdsOrderRequest, content: { fulfilmentId: string; contentUrl: string }, placedAt: Date): DdsOrder {
  return {
    orderId: order.orderId,
    resid: order.resid,
    priceOre: order.priceOre,
    excerpt: order.excerpt,
    subscription: order.subscription,
    consumerId: order.consumerId,
    fulfilmentId: content.fulfilmentId,
    contentUrl: content.contentUrl,
    placedAt,
  };
}

/** A status page's answer; undefined for READY without a URL (not an answer to trust). */
export function toDownload(wire: DownloadStatusWire): DdsDownload | undefined {
  const message = shownVendorText(wire.message) ?? null;
  switch (wire.status) {
    case 'READY':
      return wire.downloadURL ? { status: 'READY', url: wire.downloadURL, message, missingParameters: [] } : undefined;
    case 'PROCESSING':
      return { status: 'PROCESSING', url: null, message, missingParameters: [] };
    case 'FAILED':
      return { status: 'FAILED', url: null, message: message ?? 'Boknett DDS could not prepare the file.', missingParameters: [] };
  }
}

/**
 * DDS's 300: the download needs more parameters. The body names them when it can;
 * the choices it offers (formats, bitrates) are added to the message.
 */
export function needsParameters(wire: MoreParametersWire | undefined, request: DdsDownloadRequest): DdsDownload {
  const missing = wire?.missing?.filter((name) => name.trim() !== '') ?? [];
  const choices = [
    wire?.types?.length ? `type: ${wire.types.join(', ')}` : '',
    wire?.bitrates?.length ? `bitrate: ${wire.bitrates.join(', ')}` : '',
  ].filter(Boolean);
  const asked = `type ${request.type}${request.bitrate === null ? '' : ` at bitrate ${request.bitrate}`}`;
  const named = missing.length > 0 ? `needs ${missing.join(' and ')}` : 'needs more parameters than it was given';
  const message = [`Boknett DDS ${named} to download ${asked}.`, choices.length ? `Choices: ${choices.join('; ')}.` : ''].filter(Boolean).join(' ');
  return { status: 'FAILED', url: null, message, missingParameters: missing };
}

export function failedDownload(message: string): DdsDownload {
  return { status: 'FAILED', url: null, message, missingParameters: [] };
}

export const STILL_PROCESSING: DdsDownload = {
  status: 'PROCESSING',
  url: null,
  message: 'Boknett DDS is still preparing the file; ask again.',
  missingParameters: [],
};
