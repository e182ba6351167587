import { currentRequestContext } from './request-context';

/**
 * A DataLoader batch function that reports each batch's size as
 * `dataloader_batch_size{loader}` to the gateway serving the request.
 */
export function measuredBatch<K, V>(loader: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>) {
  return (keys: readonly K[]): Promise<readonly (V | Error)[]> => {
    currentRequestContext()?.telemetry?.metrics.batchSize.observe({ loader }, keys.length);
    return batch(keys);
  };
}
