import { randomUUID } from 'node:crypto';
import { sampleEpub, samplePdf, sampleWav, type Route, type SimRequest, type SimResponse } from '../../simulator-kit';
import { AUDIO_BITRATES, contentTypesFor, findProduct, isAudioType, type CatalogueProduct } from './catalogue';
import { errorResponse } from './errors';
import type { OrderBook } from './order-routes';
import { checkApiRequest, type RequestCheckContext } from './request-checks';

export interface ContentOptions {
  /** How long a download stays `PROCESSING`. */
  downloadProcessingMs: number;
  /** How long a status page lives. */
  statusTtlMs: number;
  /** Status pages in XML whatever the request's `Accept` asks for. */
  statusPageXml: boolean;
}

interface Download {
  downloadId: string;
  fulfilmentId: string;
  product: CatalogueProduct;
  type: string;
  bitrate: number | undefined;
  startedAt: number;
}

/** A download as a state file keeps it: its product by resid. */
export type SavedDownload = Omit<Download, 'product' | 'bitrate'> & { resid: string; bitrate?: number };

type DownloadState = { status: 'PROCESSING' } | { status: 'READY'; downloadURL: string } | { status: 'FAILED'; message: string };

/** How many of the latest downloads a state file keeps. */
const SAVED_DOWNLOADS = 1_000;

/** Download preparations started through `/content`, by downloadId. */
export class DownloadBook {
  private readonly downloads = new Map<string, Download>();

  start(fulfilmentId: string, product: CatalogueProduct, type: string, bitrate: number | undefined, startedAt: number): Download {
    const download: Download = { downloadId: randomUUID(), fulfilmentId, product, type, bitrate, startedAt };
    this.downloads.set(download.downloadId, download);
    return download;
  }

  get(downloadId: string): Download | undefined {
    return this.downloads.get(downloadId);
  }

  /** The latest downloads, for a state file. */
  saved(): SavedDownload[] {
    return [...this.downloads.values()]
      .slice(-SAVED_DOWNLOADS)
      .map(({ product, bitrate, ...download }) => ({ ...download, resid: product.resid, ...(bitrate === undefined ? {} : { bitrate }) }));
  }

  /** Puts back downloads saved by an earlier run (those of products no longer known are dropped). */
  restore(saved: readonly SavedDownload[]): void {
    for (const { resid, bitrate, ...download } of saved) {
      const product = findProduct(resid);
      if (product) this.downloads.set(download.downloadId, { ...download, product, bitrate });
    }
  }
}

/** `save` runs after every download started. */
export function contentRoutes(orders: OrderBook, downloads: DownloadBook, ctx: RequestCheckContext, options: ContentOptions, save: () => void): Route[] {
  const start = (req: SimRequest) => {
    const response = startDownload(req, orders, downloads, ctx);
    if (response.status === 302) save();
    return response;
  };
  return [
    { method: 'GET', pattern: '/content/:fulfilmentId', handler: start },
    { method: 'GET', pattern: '/download/:downloadId/status', handler: (req) => downloadStatus(req, downloads, ctx, options) },
  ];
}

/** Where a `READY` status page points: the prepared files themselves. */
export function fileRoutes(downloads: DownloadBook, ctx: RequestCheckContext, options: ContentOptions): Route[] {
  return [{ method: 'GET', pattern: '/files/:downloadId', handler: (req) => downloadFile(req, downloads, ctx, options) }];
}

const MORE_PARAMETERS_NEEDED: SimResponse = { status: 300 };

function startDownload(req: SimRequest, orders: OrderBook, downloads: DownloadBook, ctx: RequestCheckContext): SimResponse {
  const checked = checkApiRequest(req, ctx);
  if (!checked.ok) return checked.response;

  const fulfilmentId = req.params.fulfilmentId ?? '';
  const order = orders.byFulfilment(fulfilmentId);
  if (!order) return errorResponse(404, `unknown fulfilment ${fulfilmentId}`);
  const product = findProduct(order.resid);
  if (!product) return errorResponse(404, `unknown resid ${order.resid}`);
  const types = contentTypesFor(product);

  // "More parameters needed" has no documented body: the client knows what its request lacked.
  const requested = req.query.get('type');
  if (!requested) return MORE_PARAMETERS_NEEDED;
  const type = types.find((t) => t === requested.toLowerCase());
  if (!type) return errorResponse(400, `type ${requested} is not available for this product; available: ${types.join(', ')}`);

  let bitrate: number | undefined;
  if (isAudioType(type)) {
    const raw = req.query.get('bitrate');
    if (!raw) return MORE_PARAMETERS_NEEDED;
    bitrate = AUDIO_BITRATES.find((b) => String(b) === raw);
    if (bitrate === undefined) return errorResponse(400, `bitrate ${raw} is not available; available: ${AUDIO_BITRATES.join(', ')}`);
  }

  const download = downloads.start(fulfilmentId, product, type, bitrate, ctx.now());
  return { status: 302, headers: { location: `${req.baseUrl}/download/${download.downloadId}/status` } };
}

function stateOf(download: Download, now: number, options: ContentOptions, baseUrl: string): DownloadState {
  if (now - download.startedAt < options.downloadProcessingMs) return { status: 'PROCESSING' };
  if (download.product.failsDownload) return { status: 'FAILED', message: 'the file could not be prepared for download (simulated failure)' };
  return { status: 'READY', downloadURL: `${baseUrl}/files/${download.downloadId}` };
}

function downloadStatus(req: SimRequest, downloads: DownloadBook, ctx: RequestCheckContext, options: ContentOptions): SimResponse {
  const checked = checkApiRequest(req, ctx, 'json-or-xml');
  if (!checked.ok) return checked.response;

  const downloadId = req.params.downloadId ?? '';
  const download = downloads.get(downloadId);
  if (!download) return errorResponse(404, `unknown download ${downloadId}`);
  const now = ctx.now();
  if (now - download.startedAt > options.statusTtlMs) {
    return errorResponse(404, 'status page expired; start the download again from /content/{fulfilmentId}');
  }

  const state = stateOf(download, now, options, req.baseUrl);
  if (checked.format === 'json' && !options.statusPageXml) return { status: 200, json: state };
  return { status: 200, headers: { 'content-type': 'application/xml' }, text: statusXml(state) };
}

function statusXml(state: DownloadState): string {
  const parts = [`<status>${state.status}</status>`];
  if (state.status === 'READY') parts.push(`<downloadURL>${escapeXml(state.downloadURL)}</downloadURL>`);
  if (state.status === 'FAILED') parts.push(`<message>${escapeXml(state.message)}</message>`);
  return `<?xml version="1.0" encoding="UTF-8"?><downloadStatus>${parts.join('')}</downloadStatus>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * The prepared file behind a `READY` download URL: a small real file of the format asked
 * for (a one-chapter EPUB, a one-page PDF; a short WAV tone for audio), so that a link can
 * be opened. Like a pre-signed storage URL it needs no Authorization or Date header.
 */
function downloadFile(req: SimRequest, downloads: DownloadBook, ctx: RequestCheckContext, options: ContentOptions): SimResponse {
  const downloadId = req.params.downloadId ?? '';
  const download = downloads.get(downloadId);
  if (!download || stateOf(download, ctx.now(), options, req.baseUrl).status !== 'READY') {
    return errorResponse(404, `no file for download ${downloadId}`);
  }
  const { product } = download;
  const lines = [`Boknett DDS sandbox: ${download.type}${download.bitrate ? ` at ${download.bitrate} kbit/s` : ''}`, `resid ${product.resid}, fulfilment ${download.fulfilmentId}`];
  const [contentType, extension, bytes] =
    download.type === 'application/pdf'
      ? ['application/pdf', 'pdf', samplePdf(product.title, lines)]
      : download.type === 'application/epub+zip'
        ? ['application/epub+zip', 'epub', sampleEpub(download.fulfilmentId, product.title, lines)]
        : ['audio/wav', 'wav', sampleWav()];
  return {
    status: 200,
    headers: { 'content-type': contentType, 'content-disposition': `attachment; filename="${product.resid}.${extension}"` },
    bytes,
  };
}
