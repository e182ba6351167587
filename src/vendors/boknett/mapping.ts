import type { DdsDownload, DdsDownloadRequest, DdsOrder } from '../../domain';
import { shownVendorText, type KnownSecrets } from '../http';
import type { DownloadStatusWire, OrderRequestWire } from './wire';

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

/** The schemes of a URL shown to callers and their browsers. */
const WEB_PROTOCOLS = new Set(['http:', 'https:']);

/** Ids DDS hands out are UUID-like; anything outside this set is not one we will put in a path. */
const FULFILMENT_ID = /^[A-Za-z0-9._~-]{1,200}$/;

/**
 * The fulfilment id in an order's `Location` (`…/content/{fulfilmentId}`), with the absolute
 * content URL; undefined when the header is missing, not an http(s) URL or not of that form.
 * The host may differ from the API base's: the contract's own example answers on the legacy
 * host (`api.dds.boknett.no`) while current URLs live under `api.bokbasen.io/dds/`. Nothing is
 * ever sent there: downloads go to the configured base with the fulfilment id.
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
  if (!WEB_PROTOCOLS.has(url.protocol)) return undefined;
  // It is shown to callers: never with credentials in it.
  url.username = '';
  url.password = '';
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
export function toDownload(wire: DownloadStatusWire, secrets: KnownSecrets): DdsDownload | undefined {
  const message = shownVendorText(wire.message, secrets) ?? null;
  switch (wire.status) {
    case 'READY':
      return isWebUrl(wire.downloadURL) ? { status: 'READY', url: wire.downloadURL, message, missingParameters: [] } : undefined;
    case 'PROCESSING':
      return { status: 'PROCESSING', url: null, message, missingParameters: [] };
    case 'FAILED':
      return { status: 'FAILED', url: null, message: message ?? 'Boknett DDS could not prepare the file.', missingParameters: [] };
  }
}

/**
 * An absolute http(s) URL: the link goes to buyers' browsers, where `javascript:` or `data:`
 * would run. Handed on as DDS sent it (a signed URL must not be re-encoded).
 */
function isWebUrl(raw: string | null | undefined): raw is string {
  if (!raw) return false;
  try {
    return WEB_PROTOCOLS.has(new URL(raw).protocol);
  } catch {
    return false;
  }
}

/** A format DDS sends audio in: the contract asks for a `bitrate` with it. */
const AUDIO_TYPE = /^audio\//i;
/** A list of choices in a 300's body: a plural key (`bitrates`, `types`) naming the parameter. */
const CHOICES_KEY = /^[a-z][A-Za-z0-9_]{0,39}s$/;
const MAX_CHOICES = 20;

/**
 * DDS's 300: the download needs more parameters. The contract gives the answer no body,
 * so what is missing follows from the request (no `type`; an audio type without
 * `bitrate`), plus any parameter the body offers a list of choices for (`bitrates: [64,
 * 128]` → `bitrate`). The vendor's own message is kept when it sent one.
 */
export function needsParameters(body: unknown, request: DdsDownloadRequest, secrets: KnownSecrets): DdsDownload {
  const fields = recordOf(body);
  const offered = offeredChoices(fields, secrets);
  const missing = new Set<string>();
  if (request.type.trim() === '') missing.add('type');
  if (AUDIO_TYPE.test(request.type) && request.bitrate === null) missing.add('bitrate');
  for (const { parameter } of offered) missing.add(parameter);
  const names = [...missing];

  const asked = `type ${request.type}${request.bitrate === null ? '' : ` at bitrate ${request.bitrate}`}`;
  const named = names.length > 0 ? `needs ${names.join(' and ')}` : 'needs more parameters than it was given';
  const said = typeof fields.message === 'string' ? shownVendorText(fields.message, secrets)?.replace(/(?<![.!?…])$/, '.') : undefined;
  const choices = offered.map(({ parameter, values }) => `${parameter}: ${values.join(', ')}`);
  const message = [said ?? `Boknett DDS ${named} to download ${asked}.`, choices.length > 0 ? `Choices: ${choices.join('; ')}.` : ''].filter(Boolean).join(' ');
  return { status: 'FAILED', url: null, message, missingParameters: names };
}

/** A JSON object's fields; none for anything else (no body, a list, text). */
function recordOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** The lists of choices a 300's body offers, by the parameter they are for. */
function offeredChoices(fields: Record<string, unknown>, secrets: KnownSecrets): { parameter: string; values: string[] }[] {
  const offered: { parameter: string; values: string[] }[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (!CHOICES_KEY.test(key) || !Array.isArray(value)) continue;
    const values = value
      .filter((item): item is string | number => typeof item === 'string' || typeof item === 'number')
      .slice(0, MAX_CHOICES)
      .map((item) => shownVendorText(String(item), secrets))
      .filter((item): item is string => item !== undefined);
    if (values.length > 0) offered.push({ parameter: key.slice(0, -1), values });
  }
  return offered;
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
