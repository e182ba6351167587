import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { SharedAnswer } from '../caching';
import type { Asset as AssetRecord, Scope } from '../../domain';
import { listAssets } from '../../purchases';
import type { GatewayContext } from '../context';
import { unidentifiable } from '../errors/unidentifiable';
import { encodeNodeId } from '../ids/node-id';
import { afterKey, checkPageSize, DEFAULT_PAGE_SIZE, encodeCursor, PAGE_SIZE_DESCRIPTION, pageInfoOf } from '../paging';
import { Asset } from '../types/asset.type';
import { AssetConnection } from '../types/asset-connection.type';

@Resolver(() => Asset)
export class AssetResolver {
  @Authorized<Scope>('catalog:read')
  @SharedAnswer('catalogue')
  @Query(() => AssetConnection, { description: 'The HL Connect catalogue, page by page.' })
  async assets(
    @Ctx() ctx: GatewayContext,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: PAGE_SIZE_DESCRIPTION }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'An `endCursor` from a previous page.' }) after?: string | null,
  ): Promise<AssetConnection> {
    checkPageSize(first);
    const lastId = afterKey('asset', after) ?? null;

    const page = await listAssets(ctx.services, { pageSize: first, lastId });
    // The vendor's key to resume from; on a last page it may send none (or 0): then the last asset's own.
    const lastListed = page.assets.findLast((asset) => asset.assetId !== null)?.assetId ?? null;
    const resumeId = page.lastId !== null && page.lastId > 0 ? page.lastId : lastListed;
    const endCursor = resumeId === null ? null : encodeCursor('asset', resumeId);
    const edges = page.assets.map((asset) => ({
      cursor: asset.assetId === null ? (endCursor ?? '') : encodeCursor('asset', asset.assetId),
      node: asset,
    }));
    return { edges, pageInfo: pageInfoOf(edges, { hasNextPage: page.hasNextPage, hasPreviousPage: lastId !== null, endCursor }) };
  }

  @FieldResolver(() => ID)
  id(@Root() asset: AssetRecord): string {
    // The catalogue leaves out assets without an id; this holds for records from elsewhere.
    if (asset.assetId === null) throw unidentifiable('HL_CONNECT', 'asset_id');
    return encodeNodeId({ type: 'Asset', assetId: asset.assetId });
  }
}
