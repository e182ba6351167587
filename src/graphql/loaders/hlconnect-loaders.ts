import DataLoader from 'dataloader';
import { measuredBatch } from '../../observability/measured-batch';
import type { Order, OrderLineRef } from '../../domain';
import type { HlConnectClient } from '../../vendors/hlconnect';
import { perKey } from './per-key';

const lineKey = (line: OrderLineRef) => `${line.orderId}:${line.orderLineId}`;

/**
 * Per-request loaders: one upstream call per distinct order or order line, however many
 * times a query names it. URLs are time-limited, so they never outlive the request.
 */
export function createHlConnectLoaders(hlconnect: HlConnectClient) {
  const downloadUrl = new DataLoader<OrderLineRef, string | null, string>(
    measuredBatch(
      'hlconnect.downloadUrl',
      perKey((line) => hlconnect.downloadUrl(line)),
    ),
    {
      cacheKeyFn: lineKey,
    },
  );
  const viewUrl = new DataLoader<OrderLineRef, string | null, string>(
    measuredBatch(
      'hlconnect.viewUrl',
      perKey((line) => hlconnect.viewUrl(line)),
    ),
    {
      cacheKeyFn: lineKey,
    },
  );

  // Links the vendor inlined need no loader: OrderItemResolver answers them from the line itself.
  const orderInfo = new DataLoader<number, Order | null>(
    measuredBatch(
      'hlconnect.orderInfo',
      perKey((orderId) => hlconnect.orderInfo(orderId)),
    ),
  );

  return { orderInfo, downloadUrl, viewUrl };
}

export type HlConnectLoaders = ReturnType<typeof createHlConnectLoaders>;
