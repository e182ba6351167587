import {
  AssetsDocument,
  CancelOrderLineItemDocument,
  DdsOrderDocument,
  DdsOrderSummaryDocument,
  OrderLinesDocument,
  OrderSummaryDocument,
  PlaceDdsOrderDocument,
} from '../generated/operations';
import { TEST_API_KEY } from '../harness/api-keys';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { registerHlLine } from '../harness/hl-fixtures';

/** A client made after `__DEV__` is set: Apollo Client reads it when first loaded. */
function apolloClient(gatewayUrl: string) {
  // Apollo Client warns about cache data loss only in development builds.
  (globalThis as { __DEV__?: boolean }).__DEV__ = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after `__DEV__` is set
  const { ApolloClient, HttpLink, InMemoryCache } = require('@apollo/client') as typeof import('@apollo/client');
  return new ApolloClient({
    link: new HttpLink({ uri: `${gatewayUrl}/graphql`, headers: { 'x-api-key': TEST_API_KEY } }),
    cache: new InMemoryCache(),
  });
}

/**
 * Apollo Client 4 as a frontend uses it: an HttpLink to the gateway over real HTTP and an
 * InMemoryCache with no typePolicies, so the cache relies on `__typename` and `id` alone.
 */
describe('Apollo Client cache over the gateway (no typePolicies)', () => {
  let h: Harness;
  let client: ReturnType<typeof apolloClient>;
  let warnings: unknown[][];
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    h = await startHarness();
    client = apolloClient(h.gateway.url);
  });
  afterAll(async () => {
    client?.stop();
    await h?.close();
  });

  beforeEach(async () => {
    await client.clearStore();
    warnings = [];
    warn = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args));
  });
  afterEach(() => warn.mockRestore());

  it('a cancelled line shows CANCELLED in the cached order query, without asking the gateway again', async () => {
    await registerHlLine(h.client, { orderNumber: 6101, orderLineId: 1 });
    await registerHlLine(h.client, { orderNumber: 6101, orderLineId: 2 });
    const before = await client.query({ query: OrderLinesDocument, variables: { orderId: 6101 } });
    expect(before.data!.order!.items.map((item) => item.status)).toEqual(['COMPLETED', 'COMPLETED']);

    // The mutation selects only the line: the cache finds the order's copy of it by its id.
    const cancelled = await client.mutate({ mutation: CancelOrderLineItemDocument, variables: { input: { orderId: 6101, orderLineId: 1 } } });
    expect(cancelled.data!.cancelOrderLine.orderItem).toEqual({ __typename: 'OrderItem', id: before.data!.order!.items[0]!.id, status: 'CANCELLED' });

    const infoCalls = h.hl.calls.count('GET /purchase/info');
    const cached = await client.query({ query: OrderLinesDocument, variables: { orderId: 6101 }, fetchPolicy: 'cache-only' });
    expect(cached.data!.order!.items.map((item) => [item.orderLineId, item.status])).toEqual([
      [1, 'CANCELLED'],
      [2, 'COMPLETED'],
    ]);
    expect(h.hl.calls.count('GET /purchase/info')).toBe(infoCalls);
    expect(warnings).toEqual([]);
  });

  it('order and ddsOrder, read with different selections, merge in the cache without data-loss warnings', async () => {
    await registerHlLine(h.client, { orderNumber: 6102, orderLineId: 1 });
    const input = ddsOrderInput();
    const placed = await h.client.execute(PlaceDdsOrderDocument, { input });
    expect(placed.data!.placeDdsOrder.userErrors).toEqual([]);

    // network-only: each answer is written to the cache over what the previous one left there.
    const fetchPolicy = 'network-only';
    await client.query({ query: OrderLinesDocument, variables: { orderId: 6102 }, fetchPolicy });
    await client.query({ query: OrderSummaryDocument, variables: { orderId: 6102 }, fetchPolicy });
    await client.query({ query: DdsOrderDocument, variables: { orderId: input.orderId }, fetchPolicy });
    await client.query({ query: DdsOrderSummaryDocument, variables: { orderId: input.orderId }, fetchPolicy });

    const merged = client.readQuery({ query: DdsOrderDocument, variables: { orderId: input.orderId } });
    expect(merged!.ddsOrder).toMatchObject({ id: placed.data!.placeDdsOrder.ddsOrder!.id, price: { amount: '189.00', currency: 'NOK' } });
    expect(client.readQuery({ query: OrderLinesDocument, variables: { orderId: 6102 } })!.order!.items).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('objects without an id still draw the warning, so its absence above means something', async () => {
    await client.query({ query: AssetsDocument, variables: { first: 1 } });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { gql } = require('@apollo/client') as typeof import('@apollo/client');
    await client.query({ query: gql`query { assets(first: 1) { pageInfo { hasNextPage } } }`, fetchPolicy: 'network-only' });
    // AssetConnection has no id: the second answer replaces the first one's `edges`.
    expect(warnings).toHaveLength(1);
  });
});
