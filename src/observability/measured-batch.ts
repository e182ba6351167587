import { currentRequestContext } from './request-context';
import { upstreamBatch } from './upstream-batch';

/**
 * A DataLoader batch function that reports each batch's size as
 * `dataloader_batch_size{loader}` to the gateway serving the request. With tracing on, the
 * vendor calls the batch starts (synchronously, while it runs) share one client span; calls
 * started later (re-sends) get spans of their own.
 */
export function measuredBatch<K, V>(loader: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>) {
  return (keys: readonly K[]): Promise<readonly (V | Error)[]> => {
    const context = currentRequestContext();
    const telemetry = context?.telemetry;
    telemetry?.metrics.batchSize.observe({ loader }, keys.length);
    if (!context || !telemetry?.tracer || keys.length < 2) return batch(keys);
    context.upstreamBatch = upstreamBatch(loader);
    try {
      return batch(keys);
    } finally {
      context.upstreamBatch = undefined;
    }
  };
}
