import { SerializedData, stringifyResult } from '../../src/server/serialized-data';

describe('stringifyResult', () => {
  it('writes compact JSON for an ordinary result', () => {
    const result = { data: { a: [1, { b: 'x' }] }, extensions: { n: 1 } };
    expect(stringifyResult(result)).toBe(JSON.stringify(result));
  });

  it('writes stored JSON text as the data, as an ordinary result with the same data would be', () => {
    const data = { assets: { edges: [{ node: { assetId: '1', title: 'Ä "quoted"' } }] } };
    const stored = new SerializedData(JSON.stringify(data));
    expect(stringifyResult({ data: stored as never })).toBe(JSON.stringify({ data }));
    expect(JSON.parse(stringifyResult({ data: stored as never, extensions: { cost: 3 } }))).toEqual({ data, extensions: { cost: 3 } });
  });
});
