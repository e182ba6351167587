import DataLoader from 'dataloader';
import { measuredBatch } from '../../observability/measured-batch';
import type { Asset } from '../../domain';
import type { HlConnectClient } from '../../vendors/hlconnect';
import { perKey } from './per-key';

/** Per-request loaders of HL Connect's catalogue: one read per distinct asset id (global ids). */
export function createCatalogueLoaders(hlconnect: Pick<HlConnectClient, 'asset'>) {
  const asset = new DataLoader<number, Asset | null>(
    measuredBatch(
      'hlconnect.asset',
      perKey((assetId: number) => hlconnect.asset(assetId)),
    ),
  );
  return { asset };
}

export type CatalogueLoaders = ReturnType<typeof createCatalogueLoaders>;
