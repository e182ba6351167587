import { AssetDetailsDocument, AssetsDocument, VendorHealthDocument, type AssetsQuery } from '../generated/operations';
import type { GraphQLResponse } from '../harness/graphql-client';
import { startHarness, type Harness } from '../harness/gateway-harness';

describe('catalogue and vendor health', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());
  beforeEach(() => {
    h.hl.calls.reset();
    h.hl.faults.clear();
  });

  it('pages through the whole catalogue with after = endCursor', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: GraphQLResponse<AssetsQuery> = await h.client.execute(AssetsDocument, { first: 25, after });
      expect(res.errors).toBeUndefined();
      const { edges, pageInfo } = res.data!.assets;
      seen.push(...edges.map((e) => e.node.assetId!));
      expect(pageInfo.hasPreviousPage).toBe(after !== null);
      expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
      pages += 1;
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(h.hl.calls.count('GET /assets/list')).toBe(3);
  });

  it('maps catalogue records to camelCase, nested lists as types', async () => {
    const res = await h.client.execute(AssetsDocument, { first: 5 });
    const partable = res.data!.assets.edges.map((e) => e.node).find((a) => a.assetId === 1005)!;
    expect(partable.partable).toBe(true);
    expect(partable.packages.map((p) => p.assetId)).toEqual([100501, 100502, 100503]);
    const choral = res.data!.assets.edges.map((e) => e.node).find((a) => a.assetId === 1002)!;
    expect(choral.minQty).toBe(10);
    const locked = res.data!.assets.edges.map((e) => e.node).find((a) => a.assetId === 1003)!;
    expect(locked).toMatchObject({ world: false, countries: ['US', 'CA'] });
    for (const { node } of res.data!.assets.edges) {
      expect(node.title).toEqual(expect.any(String));
      expect(node.contributors.length).toBeGreaterThan(0);
      expect(typeof node.contributors[0]!.isPrimary).toBe('boolean');
    }
  });

  it('shows prices as exact decimal strings in HL Connect’s configured currency (USD by default)', async () => {
    const res = await h.client.execute(AssetsDocument, { first: 60 });
    const assets = res.data!.assets.edges.map((e) => e.node);
    const amounts = new Set(assets.map((a) => a.retailPrice!.amount));
    // The simulator's catalogue prices, e.g. 2.1 and 24.99 on the wire.
    expect(amounts).toEqual(new Set(['5.99', '2.25', '4.99', '3.99', '2.10', '24.99', '29.99']));
    for (const asset of assets) {
      expect(asset.retailPrice!.currency).toBe('USD');
      expect(asset.prices[0]!.price).toEqual(asset.retailPrice);
    }
  });

  it('reads the types of the vendor’s SDK: boolean prime_src, numbers for song_number, external_ref_id and tempo, text smd_id, typed usergens', async () => {
    const res = await h.client.execute(AssetDetailsDocument, { first: 60 });
    expect(res.errors).toBeUndefined();
    const assets = res.data!.assets.edges.map((e) => e.node);
    expect(assets).toHaveLength(60);
    const standard = assets.find((a) => a.assetId === 1001)!;
    // The simulator's wire: song_number 1, external_ref_id 351001, tempo 108, smd_id "SMD-901001", prime_src true.
    expect(standard).toMatchObject({ songNumber: '1', externalRefId: '351001', tempo: '108', smdId: 'SMD-901001', usergens: [] });
    expect(standard.relatedGoods).toEqual([{ relatedProductId: '501001', goodType: 'songbook', sheet: false, featured: true, primeSrc: true }]);
    expect(new Set(assets.map((a) => a.relatedGoods[0]!.primeSrc))).toEqual(new Set([true, false]));
    const withUsergen = assets.find((a) => a.assetId === 1006)!;
    expect(withUsergen.usergens).toEqual([
      {
        blackBox: false,
        arrangeable: true,
        vendorProductType: 'arrangement',
        contentProvider: 'community',
        adaptationVendor: 'HLSIM',
        vendorSongId: 'VS-1006',
        publisherName: 'Simulated Music Publishing',
        sellerId: '7006',
        authorizedPerformers: 3,
        adaptationProductId: '801006',
        commissionOverrideRate: 0.15,
        medleyAssets: [
          { name: 'First song', songCatalogId: 'SC-1006-1', hlSongId: '100601', sequence: 1 },
          { name: 'Second song', songCatalogId: 'SC-1006-2', hlSongId: '100602', sequence: 2 },
        ],
      },
    ]);
    expect(h.logs.text).not.toContain('read as null');
  });

  it('refuses a page size out of bounds and a foreign cursor, without calling the vendor', async () => {
    for (const first of [0, 101]) {
      const res = await h.client.execute(AssetsDocument, { first });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    }
    const res = await h.client.execute(AssetsDocument, { first: 5, after: 'bm90LWEtY3Vyc29y' });
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    expect(h.hl.calls.total()).toBe(0);
  });

  it('reports each vendor component’s health', async () => {
    h.hl.setComponentHealth('fulfilment', false);
    const res = await h.client.execute(VendorHealthDocument);
    h.hl.setComponentHealth('fulfilment', true);
    expect(res.data!.vendorHealth).toEqual(
      expect.arrayContaining([
        { vendor: 'HL_CONNECT', component: 'api', healthy: true },
        { vendor: 'HL_CONNECT', component: 'catalogue', healthy: true },
        { vendor: 'HL_CONNECT', component: 'fulfilment', healthy: false },
      ]),
    );
  });

  it('shows an unreachable vendor as an unhealthy connection instead of failing', async () => {
    h.hl.faults.inject({ kind: 'status', status: 500, route: 'GET /health', times: 1 });
    const res = await h.client.execute(VendorHealthDocument);
    expect(res.errors).toBeUndefined();
    expect(res.data!.vendorHealth).toEqual(expect.arrayContaining([{ vendor: 'HL_CONNECT', component: 'connection', healthy: false }]));
  });
});

describe('HLCONNECT_CURRENCY', () => {
  it('labels HL Connect’s amounts with the configured currency, converting nothing', async () => {
    const h = await startHarness({ env: { HLCONNECT_CURRENCY: 'EUR' } });
    try {
      const res = await h.client.execute(AssetsDocument, { first: 1 });
      expect(res.data!.assets.edges[0]!.node.retailPrice).toEqual({ amount: expect.stringMatching(/^\d+\.\d{2}$/), currency: 'EUR' });
    } finally {
      await h.close();
    }
  });
});
