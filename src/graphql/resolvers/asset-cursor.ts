const PREFIX = 'asset:';

/** Opaque cursor over the vendor's `last_id` paging key. */
export function encodeAssetCursor(assetId: number): string {
  return Buffer.from(`${PREFIX}${assetId}`).toString('base64url');
}

/** The asset id in a cursor, or null when it is not one of ours. */
export function decodeAssetCursor(cursor: string): number | null {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(PREFIX)) return null;
  const id = Number(decoded.slice(PREFIX.length));
  return Number.isSafeInteger(id) && id >= 0 ? id : null;
}
