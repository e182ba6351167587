import { HL_SIMULATOR_ASSETS } from '../../src/vendors/hlconnect/simulator';
import { AssetsDocument, LedgerEntryIdsDocument, NodeDocument, NodesDocument, OrderLinesDocument, PlaceDdsOrderDocument } from '../generated/operations';
import { apiKeysEnv, TEST_API_KEY_ENTRY, type TestApiKey } from '../harness/api-keys';
import { ddsOrderInput } from '../harness/dds-fixtures';
import { startHarness, type Harness } from '../harness/gateway-harness';
import { registerHlLine } from '../harness/hl-fixtures';

const SHOP: TestApiKey = { name: 'shop', key: 'shop-key-7c1d0e9f3a5b2c84', scopes: ['orders:read', 'dds:write'] };
const OTHER_SHOP: TestApiKey = { name: 'other-shop', key: 'other-key-2e8f4a6c0b1d3e57', scopes: ['orders:read', 'catalog:read'] };
const CATALOG: TestApiKey = { name: 'catalog-only', key: 'catalog-key-5a3b7c9d1e0f2a64', scopes: ['catalog:read'] };
const INFO = 'GET /purchase/info';

const idOf = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64url');

describe('global object ids: node and nodes', () => {
  let h: Harness;
  const as = (key: TestApiKey) => h.client.as({ 'x-api-key': key.key });

  beforeAll(async () => {
    h = await startHarness({ env: { API_KEYS: apiKeysEnv([TEST_API_KEY_ENTRY, SHOP, OTHER_SHOP, CATALOG]), MAX_ORDER_IDS: '5' } });
    await registerHlLine(h.client, { orderNumber: 7101, orderLineId: 1 });
    await registerHlLine(h.client, { orderNumber: 7101, orderLineId: 2 });
  });
  afterAll(async () => h.close());
  beforeEach(() => h.hl.calls.reset());

  it('every id a query shows reads the same object again through node and nodes', async () => {
    const order = (await h.client.execute(OrderLinesDocument, { orderId: 7101 })).data!.order!;
    const asset = (await h.client.execute(AssetsDocument, { first: 1 })).data!.assets.edges[0]!.node;
    const placed = (await as(SHOP).execute(PlaceDdsOrderDocument, { input: ddsOrderInput() })).data!.placeDdsOrder.ddsOrder!;
    const entry = (await as(SHOP).execute(LedgerEntryIdsDocument, { first: 1 })).data!.purchaseLedger.edges[0]!.node;

    expect(order.id).toBe(idOf('Order', '7101'));
    expect(order.items.map((item) => item.id)).toEqual([idOf('OrderItem', '7101:1'), idOf('OrderItem', '7101:2')]);
    expect(asset.id).toBe(idOf('Asset', String(asset.assetId)));
    expect(placed.id).toBe(idOf('DdsOrder', placed.orderId));
    expect(entry.id).toBe(idOf('LedgerEntry', String(entry.entryId)));

    const line = await h.client.execute(NodeDocument, { id: order.items[1]!.id });
    expect(line.data!.node).toEqual({ __typename: 'OrderItem', id: order.items[1]!.id, orderId: 7101, orderLineId: 2, lineStatus: 'COMPLETED' });
    const dds = await as(SHOP).execute(NodeDocument, { id: placed.id });
    expect(dds.data!.node).toEqual({ __typename: 'DdsOrder', id: placed.id, ddsOrderId: placed.orderId, fulfilmentId: placed.fulfilmentId });
    const ledgerEntry = await as(SHOP).execute(NodeDocument, { id: entry.id });
    expect(ledgerEntry.data!.node).toEqual({ __typename: 'LedgerEntry', id: entry.id, entryId: entry.entryId, operation: 'DDS_PLACE_ORDER', state: 'SUCCEEDED' });

    const ids = [order.id, asset.id, placed.id, entry.id, order.items[0]!.id];
    const all = await h.client.execute(NodesDocument, { ids });
    expect(all.errors).toBeUndefined();
    expect(all.data!.nodes).toEqual([
      { __typename: 'Order', id: order.id },
      { __typename: 'Asset', id: asset.id },
      { __typename: 'DdsOrder', id: placed.id },
      { __typename: 'LedgerEntry', id: entry.id },
      { __typename: 'OrderItem', id: order.items[0]!.id },
    ]);
  });

  it('an order and its lines in one nodes call cost one HL Connect info call (the root fields’ loader)', async () => {
    const res = await h.client.execute(NodesDocument, { ids: [idOf('Order', '7101'), idOf('OrderItem', '7101:1'), idOf('OrderItem', '7101:2'), idOf('Order', '7101')] });
    expect(res.data!.nodes.map((node) => node?.__typename)).toEqual(['Order', 'OrderItem', 'OrderItem', 'Order']);
    expect(h.hl.calls.count(INFO)).toBe(1);
  });

  it('an id that is not ours, not canonical, or names nothing is null without an error', async () => {
    for (const ids of [
      ['not-an-id', idOf('Spaceship', '1'), idOf('Order', '007'), idOf('Order', '-1'), idOf('OrderItem', '7101')],
      [idOf('Order', '999999'), idOf('OrderItem', '7101:9'), idOf('Asset', '1'), idOf('LedgerEntry', '999999'), idOf('DdsOrder', 'never-placed')],
    ]) {
      const res = await h.client.execute(NodesDocument, { ids });
      expect(res.errors).toBeUndefined();
      expect(res.data!.nodes).toEqual(ids.map(() => null));
    }
  });

  it('an asset is found by its id through the catalogue', async () => {
    const res = await h.client.execute(NodeDocument, { id: idOf('Asset', String(HL_SIMULATOR_ASSETS.standard)) });
    expect(res.data!.node).toMatchObject({ __typename: 'Asset', assetId: HL_SIMULATOR_ASSETS.standard, title: expect.any(String) });
    expect(h.hl.calls.count('GET /assets/list')).toBe(1);
  });

  it('each type needs its root field’s scope: FORBIDDEN at that id, and nothing is sent to HL Connect for it', async () => {
    const assetId = idOf('Asset', String(HL_SIMULATOR_ASSETS.standard));
    const res = await as(CATALOG).execute(NodesDocument, { ids: [idOf('Order', '7101'), assetId, idOf('OrderItem', '7101:1')] });
    expect(res.data!.nodes).toEqual([null, { __typename: 'Asset', id: assetId }, null]);
    expect(res.errors).toEqual([
      expect.objectContaining({ path: ['nodes', 0], extensions: { code: 'FORBIDDEN' } }),
      expect.objectContaining({ path: ['nodes', 2], extensions: { code: 'FORBIDDEN' } }),
    ]);
    const one = await as(CATALOG).execute(NodeDocument, { id: idOf('Order', '7101') });
    expect(one.data!.node).toBeNull();
    expect(one.errors).toEqual([expect.objectContaining({ path: ['node'], extensions: { code: 'FORBIDDEN' } })]);
    expect(h.hl.calls.count(INFO)).toBe(0);
  });

  it('a DDS order and a ledger entry are visible to the caller that made them, to ledger:read, and to no one else', async () => {
    const placed = (await as(SHOP).execute(PlaceDdsOrderDocument, { input: ddsOrderInput() })).data!.placeDdsOrder.ddsOrder!;
    const entry = (await as(SHOP).execute(LedgerEntryIdsDocument, { first: 1 })).data!.purchaseLedger.edges[0]!.node;
    expect(entry).toMatchObject({ caller: 'shop', operation: 'DDS_PLACE_ORDER' });
    const ids = [placed.id, entry.id];

    const own = await as(SHOP).execute(NodesDocument, { ids });
    expect(own.data!.nodes).toEqual([
      { __typename: 'DdsOrder', id: placed.id },
      { __typename: 'LedgerEntry', id: entry.id },
    ]);
    const other = await as(OTHER_SHOP).execute(NodesDocument, { ids });
    expect(other.errors).toBeUndefined();
    expect(other.data!.nodes).toEqual([null, null]);
    const operator = await h.client.execute(NodesDocument, { ids });
    expect(operator.data!.nodes).toEqual(own.data!.nodes);
  });

  it('nodes takes at most MAX_ORDER_IDS ids', async () => {
    const res = await h.client.execute(NodesDocument, { ids: Array.from({ length: 6 }, (_, i) => idOf('Order', String(i + 1))) });
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'ids' });
    expect(h.hl.calls.total()).toBe(0);
  });
});

describe('global object ids in the cost model', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('nodes costs like orders: ids × (1 + what is selected below each)', async () => {
    h = await startHarness({ env: { MAX_QUERY_COST: '50' } });
    const query = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Order { items { downloadUrl viewUrl } } } }';
    const ids = (n: number) => Array.from({ length: n }, (_, i) => idOf('Order', String(i + 1)));
    // 5 × (1 + 5 × 2) = 55 > 50
    const refused = await h.client.post({ query, variables: { ids: ids(5) } });
    expect(refused.status).toBe(400);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 50, actual: 55 });
    // 4 × 11 = 44
    const allowed = await h.client.post({ query, variables: { ids: ids(4) } });
    expect(allowed.status).toBe(200);
    const single = await h.client.post({ query: '{ node(id: "x") { id ... on Order { items { downloadUrl viewUrl } } } }' });
    expect(single.status).toBe(200);
  });
});
