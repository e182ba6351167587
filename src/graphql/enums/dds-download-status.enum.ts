import { registerEnumType } from 'type-graphql';
import type { DdsDownloadStatus as DomainDdsDownloadStatus } from '../../domain';

export const DdsDownloadStatus = {
  READY: 'READY',
  PROCESSING: 'PROCESSING',
  FAILED: 'FAILED',
} as const satisfies Record<DomainDdsDownloadStatus, DomainDdsDownloadStatus>;

registerEnumType(DdsDownloadStatus, {
  name: 'DdsDownloadStatus',
  description: 'Where a Boknett DDS content download stands.',
  valuesConfig: {
    READY: { description: 'The file is prepared; `url` is where to fetch it.' },
    PROCESSING: { description: 'DDS is still preparing the file beyond the gateway’s polling time; ask again (each ask starts a new download).' },
    FAILED: { description: 'No file for these arguments: DDS failed to prepare it, refused the format, or needs `missingParameters`. `message` says which.' },
  },
});

export type DdsDownloadStatus = (typeof DdsDownloadStatus)[keyof typeof DdsDownloadStatus];
