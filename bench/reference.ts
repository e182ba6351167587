/**
 * Child process: the reference. What a team would hand-write for the benchmark's queries:
 * Apollo Server with its standalone HTTP server and default options, a hand-written SDL,
 * resolvers calling the simulators with undici (pools sized like the floor's) and per-request
 * DataLoaders. No auth, limits, resilience, metrics or ledger (placeDdsOrder just calls DDS).
 * Run: `node dist/bench/reference.js '<VendorConfig as JSON>'`; prints `{"url": …}` once listening.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLDateTime, GraphQLSafeInt } from 'graphql-scalars';
import { createLoaders, type ReferenceLine, type ReferenceLoaders, type ReferenceOrder } from './reference-loaders';
import { REFERENCE_TYPE_DEFS } from './reference-schema';
import { assetCursor, createVendorHttp, itemStatus, type HlAsset, type HlAssetPage, type VendorConfig, type VendorHttp } from './vendor-http';

interface Context {
  vendors: VendorHttp;
  loaders: ReferenceLoaders;
}

/** An HL price as the gateway shows it: exact to the cent, in its configured currency (the benchmark's default, USD). */
const usd = (amount: number | null | undefined) => (amount == null ? null : { amount: amount.toFixed(2), currency: 'USD' });
const link =
  (loader: keyof Pick<ReferenceLoaders, 'downloadUrl' | 'viewUrl'>, inline: (line: ReferenceLine) => string | null) =>
  (line: ReferenceLine, _: unknown, { loaders }: Context) =>
    inline(line) || loaders[loader].load(line);

const endCursor = (page: HlAssetPage) => (page.last_id === null ? null : assetCursor(page.last_id));

const resolvers = {
  SafeInt: GraphQLSafeInt,
  DateTime: GraphQLDateTime,
  Query: {
    order: (_: unknown, { orderId }: { orderId: number }, { loaders }: Context) => loaders.order.load(orderId),
    orders: (_: unknown, { orderIds }: { orderIds: number[] }, { loaders }: Context) => Promise.all(orderIds.map((id) => loaders.order.load(id))),
    assets: (_: unknown, { first }: { first: number }, { vendors }: Context) => vendors.assetPage(first),
  },
  Mutation: {
    validatePurchase: async (_: unknown, { input }: { input: { assetId: number; quantity: number; customerIp: string } }, { vendors }: Context) => ({
      validationToken: await vendors.validate(input),
      userErrors: [],
    }),
    placeDdsOrder: async (_: unknown, { input }: { input: { orderId: string; resid: string; priceOre: number } }, { vendors }: Context) => ({
      ddsOrder: { orderId: input.orderId, ...(await vendors.placeDdsOrder(input)), placedAt: new Date() },
      userErrors: [],
    }),
  },
  Order: {
    items: (order: ReferenceOrder) => order.lines,
  },
  OrderItem: {
    orderLineId: (line: ReferenceLine) => line.order_line_id,
    status: (line: ReferenceLine) => itemStatus(line.status),
    downloadUrl: link('downloadUrl', (line) => line.download_url),
    viewUrl: link('viewUrl', (line) => line.view_url),
  },
  AssetConnection: {
    edges: (page: HlAssetPage) => page.assets.map((asset) => ({ cursor: asset.asset_id == null ? (endCursor(page) ?? '') : assetCursor(asset.asset_id), node: asset })),
    pageInfo: (page: HlAssetPage) => ({ hasNextPage: Boolean(page.next_page), endCursor: endCursor(page) }),
  },
  Asset: {
    assetId: (asset: HlAsset) => asset.asset_id,
    minQty: (asset: HlAsset) => asset.min_qty,
    retailPrice: (asset: HlAsset) => usd(asset.retail_price),
    countries: (asset: HlAsset) => asset.countries ?? [],
    contributors: (asset: HlAsset) => asset.contributors ?? [],
    prices: (asset: HlAsset) => asset.prices ?? [],
  },
  AssetPrice: {
    typeId: (price: NonNullable<HlAsset['prices']>[number]) => (price.type_id == null ? null : String(price.type_id)),
    price: (price: NonNullable<HlAsset['prices']>[number]) => usd(price.price),
  },
};

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as VendorConfig;
  const vendors = createVendorHttp(config);
  await vendors.login();
  const server = new ApolloServer<Context>({ typeDefs: REFERENCE_TYPE_DEFS, resolvers });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async () => ({ vendors, loaders: createLoaders(vendors) }),
  });
  process.stdout.write(`${JSON.stringify({ url: url.replace(/\/$/, '') })}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench reference failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
