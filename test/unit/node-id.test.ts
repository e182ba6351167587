import { decodeNodeId, encodeNodeId, type NodeKey } from '../../src/graphql/ids/node-id';

describe('global id codec', () => {
  const keys: NodeKey[] = [
    { type: 'Order', orderId: 5001 },
    { type: 'OrderItem', orderId: 5001, orderLineId: 2 },
    { type: 'Asset', assetId: 1001 },
    { type: 'DdsOrder', orderId: 'shop:with:colons/and ünicode' },
    { type: 'LedgerEntry', entryId: Number.MAX_SAFE_INTEGER },
  ];

  it('reads back every key it wrote, as base64url of Type:key', () => {
    for (const key of keys) expect(decodeNodeId(encodeNodeId(key))).toEqual(key);
    expect(encodeNodeId({ type: 'OrderItem', orderId: 5001, orderLineId: 2 })).toBe(Buffer.from('OrderItem:5001:2').toString('base64url'));
  });

  it('gives different types with the same key different ids', () => {
    expect(encodeNodeId({ type: 'Order', orderId: 7 })).not.toBe(encodeNodeId({ type: 'Asset', assetId: 7 }));
  });

  it('accepts only the canonical spelling of ids it could have issued', () => {
    const id = (text: string) => Buffer.from(text).toString('base64url');
    for (const foreign of [
      '',
      'a b',
      id('Order'),
      id('Order:'),
      id('Order:0'),
      id('Order:007'),
      id('Order:1.5'),
      id('Order:9007199254740993'),
      id('OrderItem:1'),
      id('OrderItem:1:2:3'),
      id('DdsOrder: '),
      id('User:1'),
    ]) {
      expect(decodeNodeId(foreign)).toBeNull();
    }
    // base64 padding or the standard alphabet spell the same bytes differently: not ours.
    expect(decodeNodeId(`${encodeNodeId({ type: 'Order', orderId: 1 })}=`)).toBeNull();
  });
});
