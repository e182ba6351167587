import type { AssetPage } from '../domain';
import type { PurchaseDeps } from './ports';

export interface ListAssetsInput {
  pageSize: number;
  /** The vendor's paging key: assets after this id; null from the start. */
  lastId: number | null;
}

/** A page of HL Connect's catalogue, in ascending asset id. */
export function listAssets(deps: Pick<PurchaseDeps, 'hlconnect'>, input: ListAssetsInput): Promise<AssetPage> {
  return deps.hlconnect.listAssets(input);
}
