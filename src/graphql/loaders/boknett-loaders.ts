import DataLoader from 'dataloader';
import { measuredBatch } from '../../observability/measured-batch';
import type { DdsDownload, DdsDownloadRequest } from '../../domain';
import type { BoknettClient } from '../../vendors/boknett';
import { perKey } from './per-key';

const downloadKey = (request: DdsDownloadRequest) => JSON.stringify([request.fulfilmentId, request.type, request.bitrate]);

/**
 * Per-request loaders: one download (start plus polling) per distinct fulfilment, type
 * and bitrate, however many times a query asks for it. Download URLs are time-limited,
 * so they never outlive the request.
 */
export function createBoknettLoaders(boknett: BoknettClient) {
  const download = new DataLoader<DdsDownloadRequest, DdsDownload, string>(
    measuredBatch(
      'boknett.download',
      perKey((request) => boknett.download(request)),
    ),
    {
      cacheKeyFn: downloadKey,
    },
  );
  return { download };
}

export type BoknettLoaders = ReturnType<typeof createBoknettLoaders>;
