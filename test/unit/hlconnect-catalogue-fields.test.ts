import { catalogueFieldAt } from '../../src/vendors/hlconnect/catalogue-fields';

describe('which catalogue field an issue in an assets/list page lies in', () => {
  it('names an asset’s own optional field', () => {
    expect(catalogueFieldAt(['assets', 3, 'title'])).toEqual({ at: ['assets', 3, 'title'], field: 'title' });
  });

  it('names a field of a nested record, without the list indices', () => {
    expect(catalogueFieldAt(['assets', 0, 'related_goods', 2, 'prime_src'])).toEqual({ at: ['assets', 0, 'related_goods', 2, 'prime_src'], field: 'related_goods.prime_src' });
    expect(catalogueFieldAt(['assets', 0, 'usergens', 0, 'medley_assets', 1, 'sequence'])?.field).toBe('usergens.medley_assets.sequence');
    expect(catalogueFieldAt(['assets', 0, 'packages', 0, 'asset_id'])?.field).toBe('packages.asset_id');
  });

  it('drops a whole list when one of its items is of another type', () => {
    expect(catalogueFieldAt(['assets', 1, 'countries', 4])).toEqual({ at: ['assets', 1, 'countries'], field: 'countries' });
    expect(catalogueFieldAt(['assets', 1, 'related_goods', 0])).toEqual({ at: ['assets', 1, 'related_goods'], field: 'related_goods' });
  });

  it('fails the page for an asset’s own id, an asset that is not a record, and the page’s own fields', () => {
    expect(catalogueFieldAt(['assets', 1, 'asset_id'])).toBeUndefined();
    expect(catalogueFieldAt(['assets', 1])).toBeUndefined();
    expect(catalogueFieldAt(['assets'])).toBeUndefined();
    expect(catalogueFieldAt(['last_id'])).toBeUndefined();
    expect(catalogueFieldAt(['next_page'])).toBeUndefined();
  });
});
