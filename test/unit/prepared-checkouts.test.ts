import type { StoredCheckout } from '../../src/ledger';
import { PreparedCheckouts } from '../../src/purchases';

const checkout = (id: number, extra: Partial<StoredCheckout> = {}): StoredCheckout => ({
  id,
  caller: 'shop',
  idempotencyKey: `cart-${id}`,
  inputHash: 'h',
  state: 'PREPARED',
  version: 0,
  buyer: { firstName: 'Clara', lastName: 'Schumann', ip: '192.0.2.10' },
  lines: [],
  tokens: [],
  completion: null,
  personalDataErased: false,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...extra,
});

describe('PreparedCheckouts', () => {
  it('gives a remembered checkout back once', () => {
    const prepared = new PreparedCheckouts({ max: 10, maxAgeMs: 60_000 });
    prepared.remember(checkout(1));
    expect(prepared.take(1)).toMatchObject({ id: 1 });
    expect(prepared.take(1)).toBeUndefined();
    expect(prepared.take(2)).toBeUndefined();
  });

  it('keeps only checkouts whose payment is not fixed yet', () => {
    const prepared = new PreparedCheckouts({ max: 10, maxAgeMs: 60_000 });
    prepared.remember(checkout(1, { state: 'COMPLETING', completion: { paymentReference: 'p', orderNumber: 1 } }));
    prepared.remember(checkout(2, { completion: { paymentReference: 'p', orderNumber: 1 } }));
    expect([prepared.take(1), prepared.take(2)]).toEqual([undefined, undefined]);
  });

  it('forgets the oldest past its bound, and every copy past its age', () => {
    const prepared = new PreparedCheckouts({ max: 2, maxAgeMs: 60_000 });
    for (const id of [1, 2, 3]) prepared.remember(checkout(id));
    expect([prepared.take(1)?.id, prepared.take(2)?.id, prepared.take(3)?.id]).toEqual([undefined, 2, 3]);

    const none = new PreparedCheckouts({ max: 2, maxAgeMs: 0 });
    none.remember(checkout(4));
    expect(none.take(4)).toBeUndefined();
  });
});
