import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { SharedAnswer } from '../caching';
import type { Asset as AssetRecord, Scope } from '../../domain';
import type { GatewayContext } from '../context';
import { decodeAssetCursor, encodeAssetCursor } from './asset-cursor';
import { badUserInput } from '../errors/bad-user-input';
import { unidentifiable } from '../errors/unidentifiable';
import { encodeNodeId } from '../ids/node-id';
import { Asset } from '../types/asset.type';
import { AssetConnection } from '../types/asset-connection.type';

const MAX_PAGE_SIZE = 100;

@Resolver(() => Asset)
export class AssetResolver {
  @Authorized<Scope>('catalog:read')
  @SharedAnswer('catalogue')
  @Query(() => AssetConnection, { description: 'The HL Connect catalogue, page by page.' })
  async assets(
    @Ctx() ctx: GatewayContext,
    @Arg('first', () => Int, { defaultValue: 20, description: `1 to ${MAX_PAGE_SIZE}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'An `endCursor` from a previous page.' }) after?: string | null,
  ): Promise<AssetConnection> {
    if (first < 1 || first > MAX_PAGE_SIZE) throw badUserInput(`first must be from 1 to ${MAX_PAGE_SIZE}`, 'first');
    const lastId = after ? decodeAssetCursor(after) : null;
    if (after && lastId === null) throw badUserInput('after is not a cursor from this connection', 'after');

    const page = await ctx.services.hlconnect.listAssets({ pageSize: first, lastId });
    const endCursor = page.lastId === null ? null : encodeAssetCursor(page.lastId);
    const edges = page.assets.map((asset) => ({
      cursor: asset.assetId === null ? (endCursor ?? '') : encodeAssetCursor(asset.assetId),
      node: asset,
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: lastId !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor,
      },
    };
  }

  @FieldResolver(() => ID)
  id(@Root() asset: AssetRecord): string {
    // The catalogue leaves out assets without an id; this holds for records from elsewhere.
    if (asset.assetId === null) throw unidentifiable('HL_CONNECT', 'asset_id');
    return encodeNodeId({ type: 'Asset', assetId: asset.assetId });
  }
}
