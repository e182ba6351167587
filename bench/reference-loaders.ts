import DataLoader from 'dataloader';
import type { HlLine, VendorHttp } from './vendor-http';

/** An HL order as the reference resolves it: null when HL does not know it. */
export interface ReferenceOrder {
  orderId: number;
  status: 'COMPLETED' | 'FAILED' | 'PROCESSING';
  lines: ReferenceLine[];
}

export type ReferenceLine = HlLine & { orderId: number };

export interface ReferenceLoaders {
  order: DataLoader<number, ReferenceOrder | null>;
  downloadUrl: DataLoader<ReferenceLine, string | null, string>;
  viewUrl: DataLoader<ReferenceLine, string | null, string>;
}

/**
 * Per-request loaders: the same order or link asked twice in one request is fetched once, and
 * all the links of a request leave together. HL has no batch endpoint, so a batch is one call
 * a key, all at once.
 */
export function createLoaders(vendors: VendorHttp): ReferenceLoaders {
  const linkLoader = (kind: 'download-url' | 'view-url') =>
    new DataLoader<ReferenceLine, string | null, string>((lines) => Promise.all(lines.map((line) => vendors.lineUrl(kind, line.orderId, line))), {
      cacheKeyFn: (line) => `${line.orderId}:${line.order_line_id}`,
    });
  return {
    order: new DataLoader<number, ReferenceOrder | null>((ids) => Promise.all(ids.map((id) => fetchOrder(vendors, id)))),
    downloadUrl: linkLoader('download-url'),
    viewUrl: linkLoader('view-url'),
  };
}

async function fetchOrder(vendors: VendorHttp, orderId: number): Promise<ReferenceOrder | null> {
  const info = await vendors.hlGet(`/purchase/info?order_id=${orderId}`);
  if (info.status === 404) return null;
  if (info.status === 202) return { orderId, status: 'PROCESSING', lines: [] };
  if (info.status === 502) return { orderId, status: 'FAILED', lines: [] };
  if (info.status !== 200) throw new Error(`purchase/info answered ${info.status}`);
  return { orderId, status: 'COMPLETED', lines: (info.json as HlLine[]).map((line) => ({ ...line, orderId })) };
}
